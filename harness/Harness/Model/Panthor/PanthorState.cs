using System.Collections.Immutable;

namespace HilHarness.Model.Panthor;

/// <summary>The panthor driver as the model sees it: files, VMs, heap pools, heaps, groups (kernel-facts C, D.3).</summary>
public sealed record PanthorState(
    BoardSemantics Sem,
    ImmutableSortedDictionary<string, PanthorFile> Files,
    ImmutableSortedDictionary<string, PanthorVm> Vms,
    ImmutableSortedDictionary<string, PanthorHeap> Heaps,
    ImmutableSortedDictionary<string, PanthorGroup> Groups,
    ImmutableSortedDictionary<string, long> Numbers) : ModelState(Sem, 0)
{
    public const int MaxVmsPerFile = 32;
    public const int MaxHeapsPerPool = 128;

    /// <summary>Unfinished GROUP_SUBMIT jobs of every file, in submission order (the simulated board finishes them in
    /// that order on <c>sim.complete_jobs</c>; docs/protocol.md "Timing and residency").</summary>
    public ImmutableList<PanthorJob> Jobs { get; init; } = [];

    // Symbols are ASCII and the harness runs with invariant globalization, where the default comparer already orders
    // ordinally; the explicit ordinal comparer gives the same order without the culture-aware comparison's cost.
    public static PanthorState Initial(BoardSemantics semantics) => new(semantics,
        Symbols<PanthorFile>(), Symbols<PanthorVm>(), Symbols<PanthorHeap>(), Symbols<PanthorGroup>(), Symbols<long>());

    private static ImmutableSortedDictionary<string, T> Symbols<T>() => ImmutableSortedDictionary.Create<string, T>(StringComparer.Ordinal);

    /// <summary>The number a symbol stood for when its object was created (a VM id, a heap handle); it outlives the
    /// object, so a destroyed heap's handle can still be passed to the kernel.</summary>
    public long? NumberOf(OpArg? arg) => arg?.Number ?? (arg?.Symbol is { } s && Numbers.TryGetValue(s, out var n) ? n : null);

    // The lookups below loop over the dictionaries with their struct enumerators instead of LINQ over Values (an
    // iterator and a boxed enumerator per call): the generator and the runner ask them several times per step.

    /// <summary>The VMs of <paramref name="file"/>, in symbol order.</summary>
    public List<PanthorVm> VmsOf(string file)
    {
        var vms = new List<PanthorVm>();
        foreach (var (_, vm) in Vms) if (vm.File == file) vms.Add(vm);
        return vms;
    }

    /// <summary>The heaps of <paramref name="vm"/>, in symbol order.</summary>
    public List<PanthorHeap> HeapsOf(string vm)
    {
        var heaps = new List<PanthorHeap>();
        foreach (var (_, heap) in Heaps) if (heap.Vm == vm) heaps.Add(heap);
        return heaps;
    }

    /// <summary>The VM a file knows by <paramref name="id"/>.</summary>
    public PanthorVm? VmById(string file, long id)
    {
        foreach (var (_, vm) in Vms) if (vm.File == file && vm.Id == id) return vm;
        return null;
    }

    /// <summary>Whether <paramref name="group"/> sits on a CSG slot: on a simulated board exactly while it has
    /// unfinished jobs and is not destroyed (docs/protocol.md "panthor residency"; kernel-facts C.2 #8).</summary>
    public bool Resident(string group)
    {
        if (!Groups.ContainsKey(group)) return false;
        foreach (var job in Jobs) if (job.Group == group) return true;
        return false;
    }

    /// <summary>Heap pool bytes of one VM: context buffer plus chunk_size × live chunks (kernel-facts C.2 #12, D.4).</summary>
    public ulong PoolBytes(PanthorVm vm)
    {
        if (!vm.HasPool) return 0;
        ulong bytes = Sem.HeapPoolBytes;
        foreach (var (_, heap) in Heaps) if (heap.Vm == vm.Symbol) bytes += (ulong)heap.ChunkSize * (ulong)heap.ChunkCount;
        return bytes;
    }

    /// <summary>Whether every later op gets the same prediction from this state as from <paramref name="other"/>: they
    /// are equal but for the numbers of symbols only one of them has. Two serial orders of a race can differ only
    /// there (a heap create that succeeded before its VM was destroyed, and failed after): no later step may name
    /// what a race produced (<c>ModelWalk</c>), so those numbers are never read.</summary>
    public bool PredictsLike(PanthorState other) =>
        Sem == other.Sem && NowMs == other.NowMs && ObservedFile == other.ObservedFile
        && SameEntries(Files, other.Files) && SameEntries(Vms, other.Vms) && SameEntries(Heaps, other.Heaps)
        && SameEntries(Groups, other.Groups) && Jobs.SequenceEqual(other.Jobs) && SharedNumbersAgree(other);

    private static bool SameEntries<T>(ImmutableSortedDictionary<string, T> a, ImmutableSortedDictionary<string, T> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        foreach (var (key, value) in a)
            if (!b.TryGetValue(key, out var other) || !EqualityComparer<T>.Default.Equals(value, other)) return false;
        return true;
    }

    private bool SharedNumbersAgree(PanthorState other)
    {
        foreach (var (symbol, number) in Numbers)
            if (other.Numbers.TryGetValue(symbol, out var theirs) && theirs != number) return false;
        return true;
    }

    /// <summary>Live chunk bytes of every heap (the generator keeps them within the simulated board's CMA).</summary>
    public long LiveChunkBytes()
    {
        long bytes = 0;
        foreach (var (_, heap) in Heaps) bytes += heap.ChunkSize * heap.ChunkCount;
        return bytes;
    }
}

public sealed record PanthorFile(string Name);

/// <summary>A VM: its id (1..32, lowest free) and whether its heap pool was created (lazily, by the first
/// TILER_HEAP_CREATE; it lives until VM destroy).</summary>
public sealed record PanthorVm(string Symbol, string File, int Id, bool HasPool);

/// <summary>A tiler heap: id in its pool, chunk size, live chunk count and limits.</summary>
public sealed record PanthorHeap(string Symbol, string Vm, int Id, long ChunkSize, int ChunkCount, int MaxChunks, long TargetInFlight);

/// <summary>A scheduling group: its VM, GROUP_GET_STATE state and fatal queue mask, and how many queues it has.</summary>
public sealed record PanthorGroup(string Symbol, string File, string Vm, uint State, uint FatalQueues, int QueueCount = 1);

/// <summary>One submitted, unfinished job: the group and queue it runs on.</summary>
public sealed record PanthorJob(string Group, int QueueIndex);
