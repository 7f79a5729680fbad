namespace HilHarness.Model.Panthor;

/// <summary>What fdinfo and debugfs <c>gems</c> must show for a state (kernel-facts D.4).</summary>
internal static class PanthorObservations
{
    public static IEnumerable<ObservationExpectation> For(PanthorState s)
    {
        yield return Fdinfo(s);
        yield return Gems(s);
    }

    private static ObservationExpectation Fdinfo(PanthorState s)
    {
        if (!s.Sem.PanthorFdinfoKeys)
            return new NotObservable("fdinfo", $"panthor-resident-memory exists since 6.15; this kernel is {s.Sem.Kernel}");
        if (s.ObservedFile is not { } file || !s.Files.ContainsKey(file))
            return new NotObservable("fdinfo", "no open file to read fdinfo from");
        ulong pools = s.VmsOf(file).Aggregate(0UL, (sum, vm) => sum + s.PoolBytes(vm));
        // Group kernel BOs (ring buffers, suspend buffers, syncobjs) add sizes the model cannot know.
        bool groups = s.Groups.Values.Any(g => g.File == file);
        return new FdinfoExpectation("panthor-resident-memory", pools, groups ? ulong.MaxValue : pools);
    }

    private static ObservationExpectation Gems(PanthorState s)
    {
        if (!s.Sem.PanthorGems)
            return new NotObservable("gems", s.Sem.DebugfsReadable
                ? $"debugfs gems exists since 6.16; this kernel is {s.Sem.Kernel}" : "debugfs is not readable on this board");
        return new GemsExpectation(s.Heaps.Values.Sum(h => h.ChunkCount), s.Vms.Values.Count(v => v.HasPool));
    }
}
