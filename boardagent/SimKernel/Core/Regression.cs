namespace HilHarness.SimKernel.Core;

/// <summary>
/// The historical bugs (kernel-facts.md, section E) the simulated kernel can carry. Each switch changes exactly the
/// behaviour kernel-facts describes and nothing else. Profiles and board specs name them by id ("E10") or by name
/// ("panthor-heap-id-off-by-one"): <c>sim:rk3588-6.18+E10+E15</c>.
/// </summary>
public enum Regression
{
    /// <summary>E1: v7's unlocked bin_bo_used test-and-set in vc4_grab_bin_bo(); racing first CREATE_BOs leak a kref.</summary>
    E1,
    /// <summary>E2: v8 sets *used = true before bin_bo_alloc(); a failed allocation later puts a ref never taken.</summary>
    E2,
    /// <summary>E3: v5/v6 drop the file's bin BO ref on ioctl error paths while bin_bo_used stays set: double put.</summary>
    E3,
    /// <summary>E4: before 5.3 the bin BO is freed at runtime suspend and re-allocated at resume (fails under CMA pressure).</summary>
    E4,
    /// <summary>E6: a perfmon destroyed at file close stays vc4->active_perfmon (use-after-free).</summary>
    E6,
    /// <summary>E8: SUBMIT_CL with an unknown BO handle oopses (NULL exec->bo after self-cleaning lookup).</summary>
    E8,
    /// <summary>E10: heap ids 1..128; the 128th heap's context lies outside the pool buffer.</summary>
    E10,
    /// <summary>E11: initial_chunk_count &gt; max_chunks is accepted.</summary>
    E11,
    /// <summary>E11 inverted: the buggy v1 of the fix rejects every initial_chunk_count &lt; max_chunks.</summary>
    E11Inverted,
    /// <summary>E12: only power-of-two chunk sizes in [256 KiB, 2 MiB] are accepted.</summary>
    E12,
    /// <summary>E13: a heap at max_chunks with no pending fragment job makes the queue fatal.</summary>
    E13,
    /// <summary>E14: TILER_HEAP_DESTROY on a VM without a heap pool dereferences NULL (oops).</summary>
    E14,
    /// <summary>E15: unlocked VM xarray lookup; VM_DESTROY racing a heap ioctl is a use-after-free.</summary>
    E15,
    /// <summary>E16: fdinfo takes sleeping locks under a spinlock ("BUG: sleeping function called from invalid context").</summary>
    E16,
    /// <summary>E17(b): no per-heap lock; concurrent grows of one heap corrupt chunk_count.</summary>
    E17b,
    /// <summary>E17(c): no return_chunk; a chunk grown for a descheduled group stays counted.</summary>
    E17c,
    /// <summary>E5: vc4_v3d_bind() keeps its runtime PM reference (no pm_runtime_put_autosuspend), so V3D never suspends.</summary>
    E5,
    /// <summary>E7: hang state leaks: vc4_free_hang_state() does not free the BO array, and vc4_save_hang_state()'s
    /// error paths do not free kernel_state (kmemleak reports them).</summary>
    E7,
}

/// <summary>Ids and descriptive names of <see cref="Regression"/> values, and the driver each belongs to.</summary>
public static class Regressions
{
    private static readonly (Regression Id, string Key, string Name, string Driver)[] Table =
    [
        (Regression.E1, "E1", "vc4-bin-bo-unlocked-used", "vc4"),
        (Regression.E2, "E2", "vc4-bin-bo-used-before-alloc", "vc4"),
        (Regression.E3, "E3", "vc4-bin-bo-put-on-error", "vc4"),
        (Regression.E4, "E4", "vc4-bin-bo-freed-at-suspend", "vc4"),
        (Regression.E6, "E6", "vc4-perfmon-active-after-close", "vc4"),
        (Regression.E8, "E8", "vc4-submit-lookup-null-bo", "vc4"),
        (Regression.E10, "E10", "panthor-heap-id-off-by-one", "panthor"),
        (Regression.E11, "E11", "panthor-heap-initial-above-max", "panthor"),
        (Regression.E11Inverted, "E11-inverted", "panthor-heap-initial-check-inverted", "panthor"),
        (Regression.E12, "E12", "panthor-heap-chunk-size-pow2", "panthor"),
        (Regression.E13, "E13", "panthor-heap-oom-fatal", "panthor"),
        (Regression.E14, "E14", "panthor-heap-pool-null", "panthor"),
        (Regression.E15, "E15", "panthor-vm-xarray-unlocked", "panthor"),
        (Regression.E16, "E16", "panthor-fdinfo-sleeping-lock", "panthor"),
        (Regression.E17b, "E17b", "panthor-heap-grow-unlocked", "panthor"),
        (Regression.E17c, "E17c", "panthor-heap-no-return-chunk", "panthor"),
        (Regression.E5, "E5", "vc4-v3d-pm-reference-kept", "vc4"),
        (Regression.E7, "E7", "vc4-hang-state-leak", "vc4"),
    ];

    /// <summary>Every regression the simulated kernel implements.</summary>
    public static IEnumerable<Regression> All => Table.Select(t => t.Id);

    /// <summary>"E11-inverted" for E11Inverted.</summary>
    public static string Key(Regression r) => Table.First(t => t.Id == r).Key;

    /// <summary>"panthor-heap-id-off-by-one" for E10.</summary>
    public static string Name(Regression r) => Table.First(t => t.Id == r).Name;

    /// <summary>"vc4" or "panthor".</summary>
    public static string Driver(Regression r) => Table.First(t => t.Id == r).Driver;

    /// <summary>Parses an id ("E10", "e10", "E17b", "E11-inverted") or a name ("panthor-heap-id-off-by-one").</summary>
    public static bool TryParse(string text, out Regression regression)
    {
        foreach (var t in Table)
        {
            if (string.Equals(t.Key, text, StringComparison.OrdinalIgnoreCase) || t.Name == text)
            {
                regression = t.Id;
                return true;
            }
        }
        regression = default;
        return false;
    }
}
