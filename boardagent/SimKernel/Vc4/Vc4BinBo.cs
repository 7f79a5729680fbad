using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Vc4;

/// <summary>
/// The binner BO of vc4_v3d.c: one 16 MiB CMA buffer split into 32 slots of 512 KiB that binning jobs use for tile
/// state and tile allocation. Merged (5.3+) semantics: a kref shared by files and jobs (vc4_v3d_bin_bo_get/put);
/// pre-5.3 semantics: allocated at probe and at runtime resume, freed at runtime suspend, no references.
/// </summary>
internal sealed class Vc4BinBo(SimMachine machine, Vc4BoStore store)
{
    public const uint BinBoSize = 16u << 20;
    public const uint SlotSize = 512u << 10;
    public const string TileBinningFailure =
        "Failed to allocate memory for tile binning: {0}. You may need to enable DMA or give it more memory.";

    /// <summary>vc4->bin_bo, or null.</summary>
    public Vc4Bo? Bo { get; private set; }

    /// <summary>bin_bo_kref's count (0 when released or never initialised).</summary>
    public int RefCount { get; private set; }

    /// <summary>bin_alloc_used: the bitmask of occupied slots.</summary>
    public uint SlotsUsed { get; private set; }

    /// <summary>V3D_INTENA has OUTOMEM: set by bin_bo_alloc(), cleared by vc4_irq_disable() at runtime suspend.</summary>
    public bool OutOfMemoryInterruptEnabled { get; set; }

    /// <summary>vc4_v3d_bin_bo_get(vc4, used): take a reference (allocating the BO if none exists) unless the owner
    /// already holds one. The owner's flag is set only on success — except under E2 (v8), which sets it first.</summary>
    public Errno Get(ref bool used)
    {
        if (used) return Errno.None;
        if (machine.Has(Regression.E2)) used = true;
        Errno errno = Errno.None;
        if (Bo is not null) RefCount++;
        else errno = Allocate();
        if (errno == Errno.None) used = true;
        return errno;
    }

    /// <summary>vc4_v3d_bin_bo_get() as v7 called it, without an owner flag (E1's unlocked caller keeps its own).</summary>
    public Errno GetUnowned()
    {
        if (Bo is not null)
        {
            RefCount++;
            return Errno.None;
        }
        return Allocate();
    }

    /// <summary>vc4_v3d_bin_bo_put(): kref_put. A put of a zero count is the refcount_t underflow WARN and releases
    /// nothing (refcount_t saturates).</summary>
    public void Put()
    {
        if (RefCount == 0)
        {
            machine.RefcountUnderflow();
            return;
        }
        if (--RefCount == 0) Release();
    }

    /// <summary>vc4_v3d_get_bin_slot(): the lowest free slot; when all 32 are busy, wait for the last render job
    /// (<paramref name="waitForLastRenderJob"/> returns false when there is none) and retry; else ENOMEM.</summary>
    public int GetSlot(Func<bool> waitForLastRenderJob)
    {
        while (true)
        {
            if (SlotsUsed != uint.MaxValue)
            {
                int slot = System.Numerics.BitOperations.TrailingZeroCount(~SlotsUsed);
                SlotsUsed |= 1u << slot;
                return slot;
            }
            if (!waitForLastRenderJob()) return -(int)Errno.ENOMEM;
        }
    }

    /// <summary>vc4_complete_exec(): bin_alloc_used &amp;= ~exec->bin_slots.</summary>
    public void FreeSlots(uint mask) => SlotsUsed &= ~mask;

    /// <summary>Pre-5.3 vc4_allocate_bin_bo() at probe and runtime resume: allocate without a reference count.</summary>
    public Errno AllocateUnreferenced()
    {
        var errno = Allocate();
        RefCount = 0;
        return errno;
    }

    /// <summary>Pre-5.3 vc4_v3d_runtime_suspend(): the BO is put (into the kernel BO cache) and forgotten.</summary>
    public void FreeUnreferenced()
    {
        var bo = Bo;
        if (bo is null) return;
        Bo = null;
        bo.Put();
    }

    // bin_bo_alloc(): a 16 MiB kernel BO (the simulated CMA pool is 256 MiB aligned, so no candidate ever crosses a
    // 256 MiB boundary and the reject loop never runs); the caller owns the first reference; OUTOMEM is enabled.
    private Errno Allocate()
    {
        var bo = store.Create(BinBoSize, Vc4BoType.Bin, out var errno);
        if (bo is null)
        {
            machine.Log(SimKmsg.Err, "vc4_v3d 3fc00000.v3d: " + string.Format(
                System.Globalization.CultureInfo.InvariantCulture, TileBinningFailure, -(int)errno));
            return errno;
        }
        Bo = bo;
        SlotsUsed = 0;
        RefCount = 1;
        OutOfMemoryInterruptEnabled = true;
        return Errno.None;
    }

    // bin_bo_release(): WARN_ON_ONCE(!bin_bo), then drop the GEM reference (the BO goes to the kernel BO cache).
    private void Release()
    {
        if (Bo is null)
        {
            machine.Warn("drivers/gpu/drm/vc4/vc4_v3d.c:311", "bin_bo_release");
            return;
        }
        var bo = Bo;
        Bo = null;
        bo.Put();
    }
}
