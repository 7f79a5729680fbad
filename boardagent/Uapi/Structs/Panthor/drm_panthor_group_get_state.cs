// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_group_get_state</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct drm_panthor_group_get_state
{
    [FieldOffset(0)] public uint group_handle;
    [FieldOffset(4)] public uint state;
    [FieldOffset(8)] public uint fatal_queues;
    [FieldOffset(12)] public uint pad;
}
