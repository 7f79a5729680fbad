// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_group_create</c> (56 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
public struct drm_panthor_group_create
{
    [FieldOffset(0)] public drm_panthor_obj_array queues;
    [FieldOffset(16)] public byte max_compute_cores;
    [FieldOffset(17)] public byte max_fragment_cores;
    [FieldOffset(18)] public byte max_tiler_cores;
    [FieldOffset(19)] public byte priority;
    [FieldOffset(20)] public uint pad;
    [FieldOffset(24)] public ulong compute_core_mask;
    [FieldOffset(32)] public ulong fragment_core_mask;
    [FieldOffset(40)] public ulong tiler_core_mask;
    [FieldOffset(48)] public uint vm_id;
    [FieldOffset(52)] public uint group_handle;
}
