// Layout: Linux 7.1.3 include/uapi/drm/vc4_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Vc4;

/// <summary><c>struct drm_vc4_set_tiling</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct drm_vc4_set_tiling
{
    [FieldOffset(0)] public uint handle;
    [FieldOffset(4)] public uint flags;
    [FieldOffset(8)] public ulong modifier;
}
