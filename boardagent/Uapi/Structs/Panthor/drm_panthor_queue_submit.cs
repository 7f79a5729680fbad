// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_queue_submit</c> (40 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
public struct drm_panthor_queue_submit
{
    [FieldOffset(0)] public uint queue_index;
    [FieldOffset(4)] public uint stream_size;
    [FieldOffset(8)] public ulong stream_addr;
    [FieldOffset(16)] public uint latest_flush;
    [FieldOffset(20)] public uint pad;
    [FieldOffset(24)] public drm_panthor_obj_array syncs;
}
