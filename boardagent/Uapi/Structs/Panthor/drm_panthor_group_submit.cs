// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_group_submit</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
public struct drm_panthor_group_submit
{
    [FieldOffset(0)] public uint group_handle;
    [FieldOffset(4)] public uint pad;
    [FieldOffset(8)] public drm_panthor_obj_array queue_submits;
}
