// Layout: Linux 7.1.3 include/uapi/drm/vc4_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Vc4;

/// <summary><c>struct drm_vc4_perfmon_create</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
public unsafe struct drm_vc4_perfmon_create
{
    [FieldOffset(0)] public uint id;
    [FieldOffset(4)] public uint ncounters;
    [FieldOffset(8)] public fixed byte events[16];
}
