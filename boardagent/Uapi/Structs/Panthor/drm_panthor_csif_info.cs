// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_csif_info</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
public struct drm_panthor_csif_info
{
    [FieldOffset(0)] public uint csg_slot_count;
    [FieldOffset(4)] public uint cs_slot_count;
    [FieldOffset(8)] public uint cs_reg_count;
    [FieldOffset(12)] public uint scoreboard_slot_count;
    [FieldOffset(16)] public uint unpreserved_cs_reg_count;
    [FieldOffset(20)] public uint pad;
}
