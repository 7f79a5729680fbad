using HilHarness.SimKernel.Core;
using HilHarness.Uapi.Panthor;

namespace HilHarness.SimKernel.Panthor;

/// <summary>
/// What the RK3588's Mali-G610 MP4 reports to panthor: GPU_ID 0xa867 (arch 10.8), four shader cores, one L2 slice,
/// a 48-bit VA MMU and eight CSG slots. Values are plausible for that chip; the L2 line size comes from the profile
/// because the heap context stride depends on it.
/// </summary>
internal static class PanthorHardware
{
    /// <summary>GPU_MMU_FEATURES_VA_BITS(mmu_features) = 48.</summary>
    public const int VaBits = 48;

    public const ulong MaxFrequencyHz = 1_000_000_000;
    public const ulong CurrentFrequencyHz = 300_000_000;
    public const ulong TimestampFrequencyHz = 24_000_000;

    public static unsafe drm_panthor_gpu_info GpuInfo(SimProfile profile)
    {
        var info = new drm_panthor_gpu_info
        {
            gpu_id = 0xa8670005,
            gpu_rev = 0,
            csf_id = 0x40a0412,
            l2_features = 0x07120200 | (uint)int.Log2(profile.L2LineSize),
            tiler_features = 0x809,
            mem_features = 0x1,
            mmu_features = 0x2800 | VaBits,
            thread_features = 0x4010000,
            max_threads = 2048,
            thread_max_workgroup_size = 1024,
            thread_max_barrier_size = 1024,
            coherency_features = 0,
            as_present = 0xff,
            selected_coherency = 31, // GPU_COHERENCY_NONE
            shader_present = 0x50005,
            l2_present = 0x1,
            tiler_present = 0x1,
            core_features = 0x2,
            gpu_features = 0,
        };
        info.texture_features[0] = 0xc1ffff9e;
        return info;
    }

    public static drm_panthor_csif_info CsifInfo => new()
    {
        csg_slot_count = 8,
        cs_slot_count = 8,
        cs_reg_count = 96,
        scoreboard_slot_count = 8,
        unpreserved_cs_reg_count = 4,
    };
}
