using HilHarness.Uapi;
using HilHarness.Uapi.Panthor;

namespace HilHarness.SimKernel.Panthor;

// TILER_HEAP_CREATE / TILER_HEAP_DESTROY (panthor_drv.c) and panthor_vm_get_heap_pool() (panthor_mmu.c).
public sealed partial class PanthorDriver
{
    /// <summary>
    /// The D.3 order: VM lookup, then the pool (created here even if the arguments turn out invalid), then
    /// panthor_heap_create()'s own checks. The output struct is copied back on error too, so fields written before a
    /// late failure reach userspace.
    /// </summary>
    private Errno TilerHeapCreate(PanthorFile pf, ref drm_panthor_tiler_heap_create args)
    {
        var vm = GetVm(pf, args.vm_id);
        if (vm is null) return Errno.EINVAL;
        try
        {
            var pool = GetHeapPool(vm, create: true, out var poolErrno);
            if (pool is null) return poolErrno;
            int ret = pool.CreateHeap(args.initial_chunk_count, args.chunk_size, args.max_chunks, args.target_in_flight,
                ref args.tiler_heap_ctx_gpu_va, ref args.first_heap_chunk_gpu_va);
            if (ret < 0) return (Errno)(-ret);
            args.handle = (args.vm_id << 16) | (uint)ret;
            return Errno.None;
        }
        finally
        {
            vm.Put();
        }
    }

    private Errno TilerHeapDestroy(PanthorFile pf, ref drm_panthor_tiler_heap_destroy args)
    {
        if (args.pad != 0) return Errno.EINVAL;
        var vm = GetVm(pf, args.handle >> 16);
        if (vm is null) return Errno.EINVAL;
        try
        {
            var pool = GetHeapPool(vm, create: false, out var poolErrno);
            if (pool is null)
            {
                // Before 45c734fdd43d the NULL pool went straight into panthor_heap_destroy (E14, v3).
                if (semantics.PoolLookupReturnsNull) throw machine.Oops("panthor_heap_destroy", 0x30);
                return poolErrno;
            }
            return pool.DestroyHeap(args.handle & 0xffff);
        }
        finally
        {
            vm.Put();
        }
    }

    /// <summary>panthor_vm_get_heap_pool(): lazily creates the pool; a destroyed VM gets no pool (EINVAL) and a
    /// lookup without one is ENOENT (null before 45c734fdd43d).</summary>
    private PanthorHeapPool? GetHeapPool(PanthorVm vm, bool create, out Errno errno)
    {
        errno = Errno.None;
        if (vm.HeapPool is null && create)
        {
            if (vm.Destroyed || vm.Freed)
            {
                errno = Errno.EINVAL;
                return null;
            }
            vm.HeapPool = PanthorHeapPool.Create(this, machine, semantics, vm, out errno);
            return vm.HeapPool;
        }
        if (vm.HeapPool is null) errno = Errno.ENOENT;
        return vm.HeapPool;
    }
}
