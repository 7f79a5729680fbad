// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_timestamp_info</c> (56 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
public struct drm_panthor_timestamp_info
{
    [FieldOffset(0)] public ulong timestamp_frequency;
    [FieldOffset(8)] public ulong current_timestamp;
    [FieldOffset(16)] public ulong timestamp_offset;
    [FieldOffset(24)] public uint flags;
    [FieldOffset(28)] public uint duration_nsec;
    [FieldOffset(32)] public ulong cycle_count;
    [FieldOffset(40)] public ulong cpu_timestamp_sec;
    [FieldOffset(48)] public ulong cpu_timestamp_nsec;
}
