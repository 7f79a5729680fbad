using HilHarness.SimKernel.Core;

namespace HilHarness.SimKernel.Panthor;

/// <summary>
/// struct panthor_gem_object: a user BO (BO_CREATE) or the GEM object behind a kernel BO (heap chunk, heap pool
/// context buffer, group ring buffer…). Every live object is on the device-wide list that debugfs "gems" prints.
/// </summary>
internal sealed class PanthorBo : SimGemObject
{
    private readonly Action<PanthorBo> onFree;

    public PanthorBo(ulong size, uint flags, PanthorVm? exclusiveVm, bool kernel, string? label, string? createdBy,
        Action<PanthorBo> onFree) : base(size)
    {
        Flags = flags;
        ExclusiveVm = exclusiveVm;
        Kernel = kernel;
        Label = label;
        this.onFree = onFree;
        if (createdBy is not null) CreatedBy = createdBy;
        // Kernel BOs are vmapped or pinned at creation, so their pages exist from the start.
        Resident = kernel;
    }

    /// <summary>DRM_PANTHOR_BO_* creation flags (NO_MMAP = 1, WB_MMAP = 2).</summary>
    public uint Flags { get; }

    /// <summary>The VM whose resv the BO shares (BO_CREATE exclusive_vm_id), or null.</summary>
    public PanthorVm? ExclusiveVm { get; }

    /// <summary>A driver-internal BO (debugfs usage flag "kernel" 0x1).</summary>
    public bool Kernel { get; }

    /// <summary>BO_SET_LABEL or the kernel's label ("Tiler heap chunk", "Heap pool"…).</summary>
    public string? Label { get; set; }

    /// <summary>shmem pages allocated (bo->base.pages): kernel BOs always; user BOs once mapped on the GPU or CPU.</summary>
    public bool Resident { get; set; }

    /// <summary>Set by the free callback; a freed BO never comes back.</summary>
    public bool Freed { get; private set; }

    protected override void Free()
    {
        Freed = true;
        onFree(this);
    }
}
