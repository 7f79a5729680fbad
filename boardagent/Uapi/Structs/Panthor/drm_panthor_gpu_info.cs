// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_gpu_info</c> (112 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 112)]
public unsafe struct drm_panthor_gpu_info
{
    [FieldOffset(0)] public uint gpu_id;
    [FieldOffset(4)] public uint gpu_rev;
    [FieldOffset(8)] public uint csf_id;
    [FieldOffset(12)] public uint l2_features;
    [FieldOffset(16)] public uint tiler_features;
    [FieldOffset(20)] public uint mem_features;
    [FieldOffset(24)] public uint mmu_features;
    [FieldOffset(28)] public uint thread_features;
    [FieldOffset(32)] public uint max_threads;
    [FieldOffset(36)] public uint thread_max_workgroup_size;
    [FieldOffset(40)] public uint thread_max_barrier_size;
    [FieldOffset(44)] public uint coherency_features;
    [FieldOffset(48)] public fixed uint texture_features[4];
    [FieldOffset(64)] public uint as_present;
    [FieldOffset(68)] public uint selected_coherency;
    [FieldOffset(72)] public ulong shader_present;
    [FieldOffset(80)] public ulong l2_present;
    [FieldOffset(88)] public ulong tiler_present;
    [FieldOffset(96)] public uint core_features;
    [FieldOffset(100)] public uint pad;
    [FieldOffset(104)] public ulong gpu_features;
}
