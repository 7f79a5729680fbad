// Layout: Linux 7.1.3 include/uapi/drm/drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Drm;

/// <summary><c>struct drm_syncobj_timeline_wait</c> (48 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
public struct drm_syncobj_timeline_wait
{
    [FieldOffset(0)] public ulong handles;
    [FieldOffset(8)] public ulong points;
    [FieldOffset(16)] public long timeout_nsec;
    [FieldOffset(24)] public uint count_handles;
    [FieldOffset(28)] public uint flags;
    [FieldOffset(32)] public uint first_signaled;
    [FieldOffset(36)] public uint pad;
    [FieldOffset(40)] public ulong deadline_nsec;
}
