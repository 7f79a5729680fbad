using System.Collections.Immutable;

namespace HilHarness.Model.Panthor;

/// <summary>What fdinfo and debugfs <c>gems</c> must show for a state (kernel-facts D.4).</summary>
internal static class PanthorObservations
{
    /// <summary>The last expectations computed, with the (immutable) parts of the state they depend on. Most steps
    /// leave files, VMs, heaps and groups as they were (observe, get_state, submits, completions, refused ops), and
    /// the model is applied to every step of every generated sequence; one entry, swapped atomically, because the
    /// generator and the runner apply the model on different threads.</summary>
    private static Computed? last;

    private sealed record Computed(
        BoardSemantics Sem, string? ObservedFile, ImmutableSortedDictionary<string, PanthorFile> Files,
        ImmutableSortedDictionary<string, PanthorVm> Vms, ImmutableSortedDictionary<string, PanthorHeap> Heaps,
        ImmutableSortedDictionary<string, PanthorGroup> Groups, ImmutableArray<ObservationExpectation> Expectations)
    {
        public bool Holds(PanthorState s) =>
            ReferenceEquals(Sem, s.Sem) && ObservedFile == s.ObservedFile && ReferenceEquals(Files, s.Files)
            && ReferenceEquals(Vms, s.Vms) && ReferenceEquals(Heaps, s.Heaps) && ReferenceEquals(Groups, s.Groups);
    }

    /// <summary>fdinfo, then gems.</summary>
    public static ImmutableArray<ObservationExpectation> For(PanthorState s)
    {
        if (Volatile.Read(ref last) is { } known && known.Holds(s)) return known.Expectations;
        ImmutableArray<ObservationExpectation> expectations = [Fdinfo(s), Gems(s)];
        Volatile.Write(ref last, new Computed(s.Sem, s.ObservedFile, s.Files, s.Vms, s.Heaps, s.Groups, expectations));
        return expectations;
    }

    private static ObservationExpectation Fdinfo(PanthorState s)
    {
        if (!s.Sem.PanthorFdinfoKeys)
            return new NotObservable("fdinfo", $"panthor-resident-memory exists since 6.15; this kernel is {s.Sem.Kernel}");
        if (s.ObservedFile is not { } file || !s.Files.ContainsKey(file))
            return new NotObservable("fdinfo", "no open file to read fdinfo from");
        ulong pools = 0;
        foreach (var (_, vm) in s.Vms) if (vm.File == file) pools += s.PoolBytes(vm);
        // Group kernel BOs (ring buffers, suspend buffers, syncobjs) add sizes the model cannot know.
        bool groups = false;
        foreach (var (_, g) in s.Groups) groups |= g.File == file;
        return new FdinfoExpectation("panthor-resident-memory", pools, groups ? ulong.MaxValue : pools);
    }

    private static ObservationExpectation Gems(PanthorState s)
    {
        if (!s.Sem.PanthorGems)
            return new NotObservable("gems", s.Sem.DebugfsReadable
                ? $"debugfs gems exists since 6.16; this kernel is {s.Sem.Kernel}" : "debugfs is not readable on this board");
        int chunks = 0, pools = 0;
        foreach (var (_, heap) in s.Heaps) chunks += heap.ChunkCount;
        foreach (var (_, vm) in s.Vms) if (vm.HasPool) pools++;
        return new GemsExpectation(chunks, pools);
    }
}
