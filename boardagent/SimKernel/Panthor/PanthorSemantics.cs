using HilHarness.SimKernel.Core;

namespace HilHarness.SimKernel.Panthor;

/// <summary>
/// Which panthor behaviour the simulated kernel follows. Kernels before 6.10 carry the v3 heap patch
/// (kernel-facts C.2, "v3" column); later kernels follow the current code unless a regression (kernel-facts E10–E17)
/// switches one behaviour back. Each property names the code path it changes so a reader can find the switch.
/// </summary>
internal sealed class PanthorSemantics(SimMachine machine)
{
    /// <summary>The seed patch (Dec 2023) as linux-next carried it before 6.10-rc1.</summary>
    public bool V3 { get; } = machine.KernelVersion < new Version(6, 10);

    /// <summary>xa_alloc with ALLOC1 and XA_LIMIT(1, 128) instead of XA_LIMIT(0, 127) (C.2 #1, E10).</summary>
    public bool HeapIdsFromOne => V3 || machine.Has(Regression.E10);

    /// <summary>Only initial_chunk_count == 0 is rejected (C.2 #3, E11).</summary>
    public bool InitialAboveMaxAccepted => V3 || machine.Has(Regression.E11);

    /// <summary>The buggy v1 of e3193f0fbd6d: initial_chunk_count &lt; max_chunks → EINVAL.</summary>
    public bool InitialCheckInverted => machine.Has(Regression.E11Inverted);

    /// <summary>Chunk size must be a power of two in [256 KiB, 2 MiB] (C.2 #2, E12).</summary>
    public bool ChunkSizePowerOfTwo => V3 || machine.Has(Regression.E12);

    /// <summary>Grow returns EBUSY/ENOMEM by pending fragments and the scheduler makes ENOMEM fatal (C.2 #4, E13).</summary>
    public bool OomErrnoSplit => V3 || machine.Has(Regression.E13);

    /// <summary>panthor_vm_get_heap_pool() returns NULL without a pool (C.2 #13, E14).</summary>
    public bool PoolLookupReturnsNull => V3 || machine.Has(Regression.E14);

    /// <summary>xa_load of the VM without xa_lock before taking its reference (C.2 #14, E15).</summary>
    public bool VmLookupUnlocked => V3 || machine.Has(Regression.E15);

    /// <summary>fdinfo takes vm->heaps.lock and pool->lock inside the vms xa_lock (E16).</summary>
    public bool FdinfoSleepsInAtomic => machine.Has(Regression.E16);

    /// <summary>No per-heap mutex around the chunk list and chunk_count (C.2 #6, E17b).</summary>
    public bool NoHeapLock => V3 || machine.Has(Regression.E17b);

    /// <summary>No panthor_heap_return_chunk(): a chunk grown for a descheduled group stays (C.2 #8, E17c).</summary>
    public bool NoReturnChunk => V3 || machine.Has(Regression.E17c);

    /// <summary>The v3 create order: id allocated under the pool write lock before any chunk (C.2 #5).</summary>
    public bool CreateAllocatesIdFirst => V3;

    /// <summary>fdinfo has drm-maxfreq/curfreq and the drm-*-memory keys (panthor show_fdinfo, 6.11).</summary>
    public bool HasDriverFdinfo => machine.KernelVersion >= new Version(6, 11);

    /// <summary>panthor-resident-memory / panthor-active-memory (434e5ca5b5d7, 6.15).</summary>
    public bool HasInternalMemoryFdinfo => machine.KernelVersion >= new Version(6, 15);

    /// <summary>debugfs "gems" and kernel BO labels (2025, 6.16).</summary>
    public bool HasGemsDebugfs => machine.KernelVersion >= new Version(6, 16);

    /// <summary>The DRM driver minor version (D.1) gating ioctls and query types.</summary>
    public int DriverMinor { get; } = machine.Profile.DriverMinor;
}
