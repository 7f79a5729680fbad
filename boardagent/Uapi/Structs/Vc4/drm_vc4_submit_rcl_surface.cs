// Layout: Linux 7.1.3 include/uapi/drm/vc4_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Vc4;

/// <summary><c>struct drm_vc4_submit_rcl_surface</c> (12 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 12)]
public struct drm_vc4_submit_rcl_surface
{
    [FieldOffset(0)] public uint hindex;
    [FieldOffset(4)] public uint offset;
    [FieldOffset(8)] public ushort bits;
    [FieldOffset(10)] public ushort flags;
}
