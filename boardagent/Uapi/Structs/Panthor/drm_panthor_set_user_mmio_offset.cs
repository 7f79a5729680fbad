// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_set_user_mmio_offset</c> (8 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
public struct drm_panthor_set_user_mmio_offset
{
    [FieldOffset(0)] public ulong offset;
}
