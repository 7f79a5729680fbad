using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Panthor;

/// <summary>
/// struct panthor_heap_pool (drivers/gpu/drm/panthor/panthor_heap.c): the per-VM array of up to 128 heap contexts in
/// one kernel BO, and the heaps with their chunks. Current semantics by default; <see cref="PanthorSemantics"/>
/// switches the v3 patch's behaviour and the E10–E17 regressions back in, one code path each.
/// </summary>
internal sealed class PanthorHeapPool
{
    public const int HeapContextSize = 32;
    public const uint MaxHeapsPerPool = 128;
    private const uint Sz128K = 128 << 10, Sz256K = 256 << 10, Sz2M = 2 << 20, Sz8M = 8 << 20;

    private readonly PanthorDriver driver;
    private readonly SimMachine machine;
    private readonly PanthorSemantics semantics;
    private readonly SortedDictionary<uint, PanthorHeap> heaps = [];

    private PanthorHeapPool(PanthorDriver driver, SimMachine machine, PanthorSemantics semantics, PanthorVm vm,
        PanthorKernelBo contexts)
    {
        this.driver = driver;
        this.machine = machine;
        this.semantics = semantics;
        Vm = vm;
        Contexts = contexts;
    }

    /// <summary>pool->vm; null once the pool is destroyed (the kernel's "destroyed" marker).</summary>
    public PanthorVm? Vm { get; private set; }

    /// <summary>pool->gpu_contexts: ALIGN(128 × stride, 4096) bytes labelled "Heap pool".</summary>
    public PanthorKernelBo Contexts { get; }

    public IReadOnlyDictionary<uint, PanthorHeap> Heaps => heaps;

    /// <summary>ALIGN(HEAP_CONTEXT_SIZE, L2 line size).</summary>
    public static uint Stride(int l2LineSize) => (uint)((HeapContextSize + l2LineSize - 1) / l2LineSize * l2LineSize);

    public static ulong BufferSize(int l2LineSize) => (MaxHeapsPerPool * (ulong)Stride(l2LineSize) + 4095) & ~4095UL;

    private uint StrideBytes => Stride(machine.Profile.L2LineSize);

    /// <summary>panthor_heap_pool_create(): ENOMEM when the context buffer cannot be allocated.</summary>
    public static PanthorHeapPool? Create(PanthorDriver driver, SimMachine machine, PanthorSemantics semantics,
        PanthorVm vm, out Errno errno)
    {
        var contexts = driver.CreateKernelBo(vm, BufferSize(machine.Profile.L2LineSize), "Heap pool", grownByWorker: false);
        if (contexts is null)
        {
            errno = Errno.ENOMEM;
            return null;
        }
        errno = Errno.None;
        return new PanthorHeapPool(driver, machine, semantics, vm, contexts);
    }

    /// <summary>
    /// panthor_heap_create(): the D.3 order. Writes <paramref name="firstChunkVa"/> before the id allocation, so a
    /// late failure leaves it stale in the ioctl's output, exactly as drm_ioctl copies the struct back on error.
    /// Returns the heap id or a negative errno.
    /// </summary>
    public int CreateHeap(uint initial, uint chunkSize, uint maxChunks, uint targetInFlight,
        ref ulong contextVa, ref ulong firstChunkVa)
    {
        var invalid = ValidateArguments(initial, chunkSize, maxChunks);
        if (invalid != Errno.None) return -(int)invalid;
        if (semantics.CreateAllocatesIdFirst) return CreateHeapV3(initial, chunkSize, maxChunks, targetInFlight, ref contextVa, ref firstChunkVa);

        var vm = Vm;
        if (vm is null) return -(int)Errno.EINVAL;
        vm.Get();
        try
        {
            // The id is only known after the chunks exist (xa_alloc under the write lock, last).
            var heap = new PanthorHeap(0, chunkSize, maxChunks, targetInFlight);
            if (!AllocateChunks(vm, heap, initial))
            {
                FreeChunks(heap);
                return -(int)Errno.ENOMEM;
            }
            firstChunkVa = heap.Chunks[0].Bo.Va;
            if (Vm is null)
            {
                FreeChunks(heap);
                return -(int)Errno.EINVAL;
            }
            if (LowestFreeId() is not uint id)
            {
                FreeChunks(heap);
                return -(int)Errno.EBUSY;
            }
            heap.Id = id;
            heaps[id] = heap;
            ClearContext(id);
            contextVa = Contexts.Va + id * (ulong)StrideBytes;
            return (int)id;
        }
        finally
        {
            vm.Put();
        }
    }

    // v3: pool->lock held for the whole create; the id comes first, the context is cleared, then the chunks are
    // allocated and a failure rolls the heap back (panthor_heap_destroy_locked). Outputs are only written on success.
    private int CreateHeapV3(uint initial, uint chunkSize, uint maxChunks, uint targetInFlight,
        ref ulong contextVa, ref ulong firstChunkVa)
    {
        var vm = Vm;
        if (vm is null) return -(int)Errno.EINVAL;
        if (LowestFreeId() is not uint id) return -(int)Errno.EBUSY;
        var heap = new PanthorHeap(id, chunkSize, maxChunks, targetInFlight);
        heaps[id] = heap;
        ClearContext(id);
        if (!AllocateChunks(vm, heap, initial))
        {
            DestroyHeap(id);
            return -(int)Errno.ENOMEM;
        }
        contextVa = Contexts.Va + id * (ulong)StrideBytes;
        firstChunkVa = heap.Chunks[0].Bo.Va;
        return (int)id;
    }

    private Errno ValidateArguments(uint initial, uint chunkSize, uint maxChunks)
    {
        if (initial == 0) return Errno.EINVAL;
        if (semantics.InitialCheckInverted)
        {
            if (initial < maxChunks) return Errno.EINVAL;
        }
        else if (!semantics.InitialAboveMaxAccepted && initial > maxChunks)
        {
            return Errno.EINVAL;
        }
        if (semantics.ChunkSizePowerOfTwo)
        {
            if (!uint.IsPow2(chunkSize) || chunkSize < Sz256K || chunkSize > Sz2M) return Errno.EINVAL;
        }
        else if (chunkSize % (uint)machine.Profile.PageSize != 0 || chunkSize < Sz128K || chunkSize > Sz8M)
        {
            return Errno.EINVAL;
        }
        return Errno.None;
    }

    private uint? LowestFreeId()
    {
        uint first = semantics.HeapIdsFromOne ? 1u : 0u;
        uint last = semantics.HeapIdsFromOne ? MaxHeapsPerPool : MaxHeapsPerPool - 1u;
        for (uint id = first; id <= last; id++)
        {
            if (!heaps.ContainsKey(id)) return id;
        }
        return null;
    }

    // memset(gpu_ctx, 0, stride): with ids 1..128 the 128th context lies one stride past the end of the vmap.
    private void ClearContext(uint id)
    {
        if ((id + 1) * (ulong)StrideBytes > Contexts.Size)
            machine.Kasan("slab-out-of-bounds", "panthor_heap_create", (int)StrideBytes, write: true);
    }

    private bool AllocateChunks(PanthorVm vm, PanthorHeap heap, uint count)
    {
        for (uint i = 0; i < count; i++)
        {
            if (!AllocateChunk(vm, heap, initial: true)) return false;
        }
        return true;
    }

    /// <summary>panthor_alloc_heap_chunk(): a zeroed header; initial chunks link to the previous head.</summary>
    private bool AllocateChunk(PanthorVm vm, PanthorHeap heap, bool initial)
    {
        var bo = driver.CreateKernelBo(vm, heap.ChunkSize, "Tiler heap chunk", grownByWorker: !initial);
        if (bo is null) return false;
        ulong next = initial && heap.Chunks.Count > 0
            ? (heap.Chunks[0].Bo.Va & ~0xfffUL) | (heap.ChunkSize >> 12)
            : 0;
        // Without heap->lock (E17b, v3) a concurrent grow can run between reading and writing chunk_count.
        uint seen = heap.ChunkCount;
        if (semantics.NoHeapLock) machine.Cpu.PreemptionPoint();
        heap.Chunks.Insert(0, new PanthorHeapChunk(bo, next, grown: !initial));
        heap.ChunkCount = seen + 1;
        return true;
    }

    private static void FreeChunks(PanthorHeap heap)
    {
        foreach (var chunk in heap.Chunks) chunk.Bo.Destroy();
        heap.ChunkCount -= (uint)heap.Chunks.Count;
        heap.Chunks.Clear();
    }

    /// <summary>panthor_heap_destroy(): EINVAL when the id is not a live heap (including ids ≥ 128).</summary>
    public Errno DestroyHeap(uint id)
    {
        if (!heaps.Remove(id, out var heap)) return Errno.EINVAL;
        FreeChunks(heap);
        return Errno.None;
    }

    /// <summary>Finds the heap from its context VA the way grow and return_chunk do.</summary>
    private Errno LookupByContext(ulong heapContextVa, out PanthorHeap? heap)
    {
        heap = null;
        ulong offset = heapContextVa - Contexts.Va;
        uint id = (uint)offset / StrideBytes;
        if (offset > uint.MaxValue || id >= MaxHeapsPerPool) return Errno.EINVAL;
        heap = heaps.GetValueOrDefault(id);
        return heap is null ? Errno.EINVAL : Errno.None;
    }

    /// <summary>panthor_heap_grow(): 0 and the encoded new chunk, or the errno the scheduler acts on.</summary>
    public Errno Grow(ulong heapContextVa, uint renderPassesInFlight, uint pendingFragments, out ulong newChunkVa)
    {
        newChunkVa = 0;
        var lookup = LookupByContext(heapContextVa, out var heap);
        if (lookup != Errno.None) return lookup;
        bool atMax = heap!.ChunkCount >= heap.MaxChunks;
        bool tooManyInFlight = renderPassesInFlight > heap.TargetInFlight;
        if (semantics.OomErrnoSplit)
        {
            if (tooManyInFlight || (pendingFragments > 0 && atMax)) return Errno.EBUSY;
            if (atMax) return Errno.ENOMEM;
        }
        else if (tooManyInFlight || atMax)
        {
            return Errno.ENOMEM;
        }
        if (Vm is null || !AllocateChunk(Vm, heap, initial: false)) return Errno.ENOMEM;
        newChunkVa = (heap.Chunks[0].Bo.Va & ~0xfffUL) | (heap.ChunkSize >> 12);
        return Errno.None;
    }

    /// <summary>panthor_heap_return_chunk(): frees a grown chunk the firmware never got.</summary>
    public Errno ReturnChunk(ulong heapContextVa, ulong chunkVa)
    {
        var lookup = LookupByContext(heapContextVa, out var heap);
        if (lookup != Errno.None) return lookup;
        chunkVa &= ~0xfffUL;
        int index = heap!.Chunks.FindIndex(c => c.Bo.Va == chunkVa);
        if (index < 0) return Errno.EINVAL;
        var chunk = heap.Chunks[index];
        heap.Chunks.RemoveAt(index);
        heap.ChunkCount--;
        chunk.Bo.Destroy();
        return Errno.None;
    }

    /// <summary>panthor_heap_pool_destroy(): every heap, then the context buffer; the pool is marked destroyed.</summary>
    public void Destroy()
    {
        foreach (var id in heaps.Keys.ToList()) DestroyHeap(id);
        Contexts.Destroy();
        Vm = null;
    }

    /// <summary>panthor_heap_pool_size(): the context buffer plus chunk_size × chunk_count per heap.</summary>
    public ulong Size => Vm is null ? 0 : Contexts.Size + heaps.Values.Aggregate(0UL, (s, h) => s + (ulong)h.ChunkSize * h.ChunkCount);
}
