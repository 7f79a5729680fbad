// Layout: Linux 7.1.3 include/uapi/drm/drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Drm;

/// <summary><c>struct drm_syncobj_wait</c> (40 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
public struct drm_syncobj_wait
{
    [FieldOffset(0)] public ulong handles;
    [FieldOffset(8)] public long timeout_nsec;
    [FieldOffset(16)] public uint count_handles;
    [FieldOffset(20)] public uint flags;
    [FieldOffset(24)] public uint first_signaled;
    [FieldOffset(28)] public uint pad;
    [FieldOffset(32)] public ulong deadline_nsec;
}
