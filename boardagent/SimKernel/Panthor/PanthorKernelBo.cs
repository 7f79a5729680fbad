namespace HilHarness.SimKernel.Panthor;

/// <summary>
/// struct panthor_kernel_bo: a kernel-owned GEM object mapped at an auto-allocated kernel VA of a VM. It holds a VM
/// reference (ff60c8da0aaf) and the mapping's vm_bo holds a GEM reference, so the object's refcount is 2 while it
/// lives, as debugfs "gems" shows.
/// </summary>
internal sealed class PanthorKernelBo(PanthorBo bo, PanthorVm vm, ulong va)
{
    public PanthorBo Bo { get; } = bo;

    public PanthorVm Vm { get; } = vm;

    /// <summary>panthor_kernel_bo_gpuva().</summary>
    public ulong Va { get; } = va;

    public ulong Size => Bo.Size;

    public bool Destroyed { get; private set; }

    /// <summary>panthor_kernel_bo_destroy(): unmap, give the VA back, drop the GEM and VM references.</summary>
    public void Destroy()
    {
        if (Destroyed) return;
        Destroyed = true;
        Vm.ReleaseKernelVa(Va, Size);
        Bo.Put(); // the mapping's vm_bo reference
        Bo.Put(); // the creation reference
        Vm.Put();
    }
}
