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

    public IEnumerable<PanthorVm> VmsOf(string file) => Vms.Values.Where(v => v.File == file);

    public IEnumerable<PanthorHeap> HeapsOf(string vm) => Heaps.Values.Where(h => h.Vm == vm);

    /// <summary>The VM a file knows by <paramref name="id"/>.</summary>
    public PanthorVm? VmById(string file, long id) => VmsOf(file).FirstOrDefault(v => v.Id == id);

    /// <summary>Whether <paramref name="group"/> sits on a CSG slot: on a simulated board exactly while it has
    /// unfinished jobs and is not destroyed (docs/protocol.md "panthor residency"; kernel-facts C.2 #8).</summary>
    public bool Resident(string group) => Groups.ContainsKey(group) && Jobs.Any(j => j.Group == group);

    /// <summary>Heap pool bytes of one VM: context buffer plus chunk_size × live chunks (kernel-facts C.2 #12, D.4).</summary>
    public ulong PoolBytes(PanthorVm vm) =>
        !vm.HasPool ? 0 : Sem.HeapPoolBytes + HeapsOf(vm.Symbol).Aggregate(0UL, (sum, h) => sum + (ulong)h.ChunkSize * (ulong)h.ChunkCount);
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
