using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Panthor;

/// <summary>TILER_HEAP_CREATE/DESTROY and heap growth on tiler OOM, current and v3 (kernel-facts C.2, C.3, D.3).</summary>
internal static class PanthorHeapModel
{
    public static (PanthorState, StepPrediction) Create(PanthorState s, ModelOp op, string file)
    {
        bool v3 = s.Sem.PanthorV3Heaps;
        // 1. a live VM of this file.
        var vm = s.NumberOf(op.Arg("vm_id")) is { } vmId ? s.VmById(file, vmId) : null;
        if (vm is null) return (s, Fail(op.Op, Errno.EINVAL));
        // 2. the pool is created lazily here, before any argument check, and lives until VM destroy.
        vm = vm with { HasPool = true };
        s = s with { Vms = s.Vms.SetItem(vm.Symbol, vm) };
        long initial = op.Num("initial_chunk_count"), max = op.Num("max_chunks"), chunk = op.Num("chunk_size");
        // 3., 4. (4. only since e3193f0fbd6d).
        if (initial == 0 || (!v3 && initial > max)) return (s, Fail(op.Op, Errno.EINVAL));
        // 5. chunk size: v3 power of two in [256K, 2M]; since 69a429905cec page aligned in [128K, 8M].
        bool chunkOk = v3
            ? chunk is >= 256 * 1024 and <= 2 * 1024 * 1024 && (chunk & (chunk - 1)) == 0
            : chunk % s.Sem.PageSize == 0 && chunk is >= 128 * 1024 and <= 8 * 1024 * 1024;
        if (!chunkOk) return (s, Fail(op.Op, Errno.EINVAL));
        // 8., 9. ids lowest free: 0..127 now, 1..128 in v3 (kernel-facts C.2 #1).
        int first = v3 ? 1 : 0;
        Span<bool> used = stackalloc bool[PanthorState.MaxHeapsPerPool + 1];
        foreach (var (_, h) in s.Heaps) if (h.Vm == vm.Symbol) used[h.Id] = true;
        int id = -1;
        for (int i = first; i < first + PanthorState.MaxHeapsPerPool && id < 0; i++) if (!used[i]) id = i;
        if (id < 0)
        {
            // Since v4 the chunks are allocated before the id, so the failed create leaves a stale chunk VA in the
            // struct that drm_ioctl copies back (kernel-facts D.3); v3 allocated the id first.
            var busy = Fail(op.Op, Errno.EBUSY);
            return (s, busy.WithOut("first_heap_chunk_gpu_va", v3 ? new ExactValue(0) : new AlignedValue((ulong)s.Sem.PageSize)));
        }
        string heap = op.Produces ?? throw new ArgumentException($"op {op}: tiler_heap_create must produce a heap symbol");
        long handle = ((long)vm.Id << 16) | (long)id;
        s = s with
        {
            Heaps = s.Heaps.SetItem(heap, new PanthorHeap(heap, vm.Symbol, id, chunk, (int)initial, (int)max, op.Num("target_in_flight"))),
            Numbers = s.Numbers.SetItem(heap, handle),
        };
        var p = Success(op.Op)
            .WithOut("handle", new ExactValue((ulong)handle))
            .WithOut("tiler_heap_ctx_gpu_va", new AffineValue("pool:" + vm.Symbol, 1, (ulong)id * s.Sem.HeapContextStride, LearnBinding: true))
            .WithOut("first_heap_chunk_gpu_va", new AlignedValue((ulong)s.Sem.PageSize));
        return (s, id >= PanthorState.MaxHeapsPerPool
            ? p with { Note = "kernel-facts C.3: id 128's context lies past the pool buffer; the kernel memset corrupts memory" }
            : p);
    }

    public static (PanthorState, StepPrediction) Destroy(PanthorState s, ModelOp op, string file)
    {
        if (op.Num("pad") != 0) return (s, Fail(op.Op, Errno.EINVAL));
        long handle = s.NumberOf(op.Arg("handle")) ?? 0;
        var vm = s.VmById(file, handle >> 16);
        if (vm is null) return (s, Fail(op.Op, Errno.EINVAL));
        if (!vm.HasPool)
            return s.Sem.PanthorV3Heaps
                ? (s, Crash(op.Op, "kernel-facts E14: before 45c734fdd43d a VM without a heap pool is a NULL dereference"))
                : (s, Fail(op.Op, Errno.ENOENT));
        var heap = s.HeapsOf(vm.Symbol).FirstOrDefault(h => h.Id == (handle & 0xffff));
        if (heap is null) return (s, Fail(op.Op, Errno.EINVAL));
        return (s with { Heaps = s.Heaps.Remove(heap.Symbol) }, Success(op.Op));
    }

    /// <summary>What a tiler OOM event does to a heap (kernel-facts C.2 #4, C.3 d2143297579f).</summary>
    public static (PanthorState, StepPrediction) TilerOom(PanthorState s, ModelOp op)
    {
        string? groupSym = op.Sym("group_handle");
        var group = groupSym is not null && s.Groups.TryGetValue(groupSym, out var g) ? g : null;
        var heap = op.Sym("heap_ctx_va") is { } h && s.Heaps.TryGetValue(h, out var found) ? found : null;
        // An unknown group or queue is refused before any heap is looked at, and marks nothing fatal.
        if (group is null || op.Num("queue_index") is var queue && (queue < 0 || queue >= group.QueueCount))
            return (s, Success(op.Op).WithOut("errno", new ExactValue((ulong)Errno.EINVAL)));
        if (heap is not null && heap.Vm != group.Vm)
            throw new ArgumentException($"op {op}: the model predicts tiler OOMs of a heap in the group's own VM only");
        long inFlight = op.Num("renderpasses_in_flight"), pendingFrag = op.Num("pending_frag_count");
        bool v3 = s.Sem.PanthorV3Heaps;
        Errno errno;
        if (heap is null || heap.Id >= PanthorState.MaxHeapsPerPool) errno = Errno.EINVAL;
        else if (v3 && (inFlight > heap.TargetInFlight || (pendingFrag > 0 && heap.ChunkCount >= heap.MaxChunks))) errno = Errno.EBUSY;
        else if (inFlight > heap.TargetInFlight || heap.ChunkCount >= heap.MaxChunks) errno = Errno.ENOMEM;
        else errno = Errno.None;

        // Now only -ENOMEM is survivable (NULL chunk to the firmware); in v3 only -EBUSY was. A fatal queue shows in
        // GROUP_GET_STATE (the op's queue_fatal is a boolean the comparer does not read).
        bool fatal = errno != Errno.None && errno != (v3 ? Errno.EBUSY : Errno.ENOMEM);
        var p = Success(op.Op).WithOut("errno", new ExactValue((ulong)errno));
        if (errno == Errno.None)
        {
            // The grown chunk reaches the firmware only while the group is resident on a CSG slot (on a simulated
            // board: it has unfinished jobs, docs/protocol.md). Otherwise it cannot be linked and return_chunk frees it
            // again (kernel-facts C.2 #8, E17c); v3 had no return_chunk, so there the chunk stays allocated and counted
            // towards max_chunks.
            bool resident = s.Resident(group.Symbol);
            if (resident || v3) s = s with { Heaps = s.Heaps.SetItem(heap!.Symbol, heap with { ChunkCount = heap.ChunkCount + 1 }) };
            p = p.WithOut("new_chunk_va", resident ? new AlignedValue((ulong)s.Sem.PageSize, (ulong)heap!.ChunkSize >> 12) : new ExactValue(0));
        }
        if (fatal)
            s = s with
            {
                Groups = s.Groups.SetItem(group.Symbol, group with
                {
                    State = group.State | PanthorModel.GroupStateFatalFault,
                    FatalQueues = group.FatalQueues | (1u << (int)op.Num("queue_index")),
                }),
            };
        return (s, p);
    }
}
