// Layout: Linux 7.1.3 include/uapi/drm/vc4_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Vc4;

/// <summary><c>struct drm_vc4_perfmon_destroy</c> (4 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 4)]
public struct drm_vc4_perfmon_destroy
{
    [FieldOffset(0)] public uint id;
}
