// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_group_priorities_info</c> (4 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 4)]
public unsafe struct drm_panthor_group_priorities_info
{
    [FieldOffset(0)] public byte allowed_mask;
    [FieldOffset(1)] public fixed byte pad[3];
}
