using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Panthor;

namespace HilHarness.SimKernel.Panthor;

// VM_CREATE / VM_DESTROY / VM_GET_STATE / VM_BIND and the VM lookup every VM-taking ioctl shares (panthor_mmu.c).
public sealed partial class PanthorDriver
{
    private const ulong MinKernelVaSize = 256UL << 20;
    private const uint BindTypeMask = 0xfu << 28, BindMap = 0, BindUnmap = 1u << 28, BindSyncOnly = 2u << 28;
    private const uint MapFlags = 0x7; // READONLY | NOEXEC | UNCACHED
    private const uint BindAsync = 1;
    private const int BindOpMinStride = 48, SyncOpMinStride = 16;

    /// <summary>
    /// panthor_vm_pool_get_vm(): load plus reference. With the unlocked xa_load (E15, v3) another thread may run
    /// VM_DESTROY between the two; if that freed the VM, the reference is taken on freed memory.
    /// </summary>
    private PanthorVm? GetVm(PanthorFile pf, uint id)
    {
        var vm = pf.Vms.GetValueOrDefault(id);
        if (vm is null) return null;
        if (semantics.VmLookupUnlocked)
        {
            machine.Cpu.PreemptionPoint();
            if (vm.Freed) machine.Kasan("slab-use-after-free", "panthor_vm_pool_get_vm", 4, write: true);
        }
        vm.Get();
        return vm;
    }

    private Errno VmCreate(PanthorFile pf, ref drm_panthor_vm_create args)
    {
        if (args.flags != 0) return Errno.EINVAL;
        ulong full = 1UL << PanthorHardware.VaBits;
        // A 64-bit task's TASK_SIZE equals the GPU VA range, so the default splits it in half.
        ulong userRange = args.user_va_range != 0 ? args.user_va_range : full / 2;
        if (full - MinKernelVaSize < userRange) userRange = full - MinKernelVaSize;
        if (args.user_va_range != 0 && args.user_va_range > userRange) return Errno.EINVAL;
        ulong kernelRange = 1UL << (63 - (int)ulong.LeadingZeroCount(full - userRange));
        ulong kernelStart = full - kernelRange;
        if (!machine.Allocator.TryAllocate()) return Errno.ENOMEM;
        if (PanthorFile.LowestFree(pf.Vms, 1, PanthorFile.MaxVms) is not uint id) return Errno.EBUSY;
        pf.Vms[id] = new PanthorVm(machine, id, kernelStart, full);
        args.id = id;
        args.user_va_range = kernelStart;
        return Errno.None;
    }

    private Errno VmDestroy(PanthorFile pf, ref drm_panthor_vm_destroy args)
    {
        if (args.pad != 0) return Errno.EINVAL;
        return DestroyVm(pf, args.id) ? Errno.None : Errno.EINVAL;
    }

    /// <summary>panthor_vm_pool_destroy_vm(): erase, mark destroyed, destroy the heap pool, unmap, drop the ref.</summary>
    private bool DestroyVm(PanthorFile pf, uint id)
    {
        if (!pf.Vms.Remove(id, out var vm)) return false;
        vm.Destroyed = true;
        vm.HeapPool?.Destroy();
        vm.HeapPool = null;
        vm.UnmapAll();
        vm.Put();
        return true;
    }

    private Errno VmGetState(PanthorFile pf, ref drm_panthor_vm_get_state args)
    {
        var vm = GetVm(pf, args.vm_id);
        if (vm is null) return Errno.EINVAL;
        args.state = 0; // DRM_PANTHOR_VM_STATE_USABLE: the simulated MMU never faults
        vm.Put();
        return Errno.None;
    }

    private Errno VmBind(SimDrmFile file, PanthorFile pf, ref drm_panthor_vm_bind args)
    {
        var vm = GetVm(pf, args.vm_id);
        if (vm is null) return Errno.EINVAL;
        try
        {
            var read = UserArrays.Read(args.ops, BindOpMinStride, out drm_panthor_vm_bind_op[] ops);
            if (read != Errno.None) return read;
            bool async = (args.flags & BindAsync) != 0;
            for (uint i = 0; i < ops.Length; i++)
            {
                var result = async ? BindAsyncOp(file, vm, ops[i]) : BindSyncOp(file, vm, ops[i]);
                if (result == Errno.None) continue;
                // panthor_ioctl_vm_bind_sync: ops.count tells the caller where it failed.
                if (!async) args.ops.count = i;
                return result;
            }
            return Errno.None;
        }
        finally
        {
            vm.Put();
        }
    }

    private Errno BindSyncOp(SimDrmFile file, PanthorVm vm, in drm_panthor_vm_bind_op op)
    {
        if (op.syncs.count != 0) return Errno.EINVAL;
        if (op.size == 0) return Errno.None;
        return (op.flags & BindTypeMask) switch
        {
            BindMap => Map(file, vm, op),
            BindUnmap => Unmap(vm, op),
            _ => Errno.EINVAL,
        };
    }

    // Asynchronous binds run on the VM's bind queue at once in the simulation: the ops execute and their signal
    // syncobjs get an already signalled fence.
    private Errno BindAsyncOp(SimDrmFile file, PanthorVm vm, in drm_panthor_vm_bind_op op)
    {
        var syncRead = UserArrays.Read(op.syncs, SyncOpMinStride, out drm_panthor_sync_op[] syncs);
        if (syncRead != Errno.None) return syncRead;
        Errno result;
        if ((op.flags & BindTypeMask) == BindSyncOnly)
        {
            result = op.bo_handle != 0 || op.bo_offset != 0 || op.va != 0 || op.size != 0 || (op.flags & ~BindTypeMask) != 0
                ? Errno.EINVAL : Errno.None;
        }
        else
        {
            result = op.size == 0 ? Errno.None : (op.flags & BindTypeMask) switch
            {
                BindMap => Map(file, vm, op),
                BindUnmap => Unmap(vm, op),
                _ => Errno.EINVAL,
            };
        }
        if (result != Errno.None) return result;
        var prepared = PrepareSyncs(file, syncs, out var waits, out var signals);
        if (prepared != Errno.None) return prepared;
        SignalAll(file, signals, new SimFence(signaled: true));
        return Errno.None;
    }

    private Errno Map(SimDrmFile file, PanthorVm vm, in drm_panthor_vm_bind_op op)
    {
        if ((op.flags & ~(BindTypeMask | MapFlags)) != 0) return Errno.EINVAL;
        if (file.Lookup(op.bo_handle) is not PanthorBo bo) return Errno.ENOENT;
        if (bo.ExclusiveVm is not null && bo.ExclusiveVm != vm) return Errno.EINVAL;
        ulong page = (ulong)machine.Profile.PageSize - 1;
        if (((op.va | op.size | op.bo_offset) & page) != 0) return Errno.EINVAL;
        if (op.bo_offset > bo.Size || op.size > bo.Size - op.bo_offset) return Errno.EINVAL;
        if (!UserRangeValid(vm, op.va, op.size)) return Errno.EINVAL;
        if (vm.Destroyed || vm.Freed) return Errno.EINVAL;
        vm.Map(bo, op.va, op.size, op.bo_offset, op.flags & MapFlags);
        return Errno.None;
    }

    private Errno Unmap(PanthorVm vm, in drm_panthor_vm_bind_op op)
    {
        if (op.bo_handle != 0 || op.bo_offset != 0 || (op.flags & ~BindTypeMask) != 0) return Errno.EINVAL;
        ulong page = (ulong)machine.Profile.PageSize - 1;
        if (((op.va | op.size) & page) != 0) return Errno.EINVAL;
        if (!UserRangeValid(vm, op.va, op.size)) return Errno.EINVAL;
        vm.Unmap(op.va, op.size);
        return Errno.None;
    }

    // drm_gpuvm_range_valid plus the kernel VA reservation: user mappings stay below the kernel region.
    private static bool UserRangeValid(PanthorVm vm, ulong va, ulong size)
        => va + size >= va && va + size <= vm.KernelVaStart;
}
