using System.Collections.Immutable;

namespace HilHarness.Model.Vc4;

/// <summary>What debugfs <c>bo_stats</c> must show for a state (kernel-facts A.8, A.9, A.12).</summary>
internal static class Vc4Observations
{
    /// <summary>The last expectation computed, with the (immutable) parts of the state it depends on. Most steps
    /// leave BOs, jobs, the bin BO and the cache as they were (observe, waits, failed ops, time passing with nothing
    /// cached), and the model is applied to every step of every generated sequence; one entry, swapped atomically,
    /// because the generator and the runner apply the model on different threads.</summary>
    private static Computed? last;

    private sealed record Computed(
        BoardSemantics Sem, bool BinBoExists, ImmutableSortedDictionary<string, Vc4Bo> Bos,
        ImmutableSortedDictionary<string, Vc4Job> Jobs, ImmutableList<Vc4CachedBo> Cache, long NowMs,
        Vc4HangState? HangState, ImmutableList<Vc4HangHandle> HangHandles, ObservationExpectation Expectation)
    {
        /// <summary>Whether <paramref name="s"/> has the same inputs: the same collections by reference, and the same
        /// time unless nothing is cached (only the cache's entries age).</summary>
        public bool Holds(Vc4State s) =>
            ReferenceEquals(Sem, s.Sem) && BinBoExists == s.BinBo.Exists && ReferenceEquals(Bos, s.Bos) && ReferenceEquals(Jobs, s.Jobs)
            && ReferenceEquals(HangState, s.HangState) && ReferenceEquals(HangHandles, s.HangHandles)
            && (ReferenceEquals(Cache, s.Cache) || (Cache.IsEmpty && s.Cache.IsEmpty)) && (NowMs == s.NowMs || s.Cache.IsEmpty);
    }

    public static ObservationExpectation BoStats(Vc4State s)
    {
        if (Volatile.Read(ref last) is { } known && known.Holds(s)) return known.Expectation;
        var expectation = Compute(s);
        Volatile.Write(ref last, new Computed(s.Sem, s.BinBo.Exists, s.Bos, s.Jobs, s.Cache, s.NowMs, s.HangState, s.HangHandles, expectation));
        return expectation;
    }

    private static ObservationExpectation Compute(Vc4State s)
    {
        if (!s.Sem.Vc4BoStats) return new NotObservable("bo_stats", "debugfs is not readable on this board");
        var labels = new Dictionary<string, (int Count, long? Kb)>();
        void Add(string label, long? kb)
        {
            var (c, k) = labels.GetValueOrDefault(label, (0, 0L));
            labels[label] = (c + 1, k is null || kb is null ? null : k + kb);
        }
        if (s.BinBo.Exists) Add("binner", 16384);
        foreach (var bo in s.Bos.Values) Add(bo.Label, bo.Pages * 4L);
        foreach (var job in s.Jobs.Values.Where(j => !j.Done))
        {
            Add("RCL", null);
            if (job.HasBcl) Add("BCL", null);
        }
        // A hung job's BCL and RCL live on in its saved state, then behind the handles GET_HANG_STATE gave out.
        foreach (var label in s.HangState?.KernelBos ?? []) Add(label, null);
        foreach (var handle in s.HangHandles) if (handle.KernelLabel is { } label) Add(label, null);
        var result = labels.ToImmutableSortedDictionary(
            l => l.Key, l => new LabelExpectation(l.Value.Count, l.Value.Count, l.Value.Kb, l.Value.Kb), StringComparer.Ordinal);

        // Kernel BO cache: entries younger than 1 s are certainly there; 1–3 s old or possibly reused ones may be.
        var sure = s.Cache.Where(c => c.CertainlyThere(s.NowMs)).ToList();
        var maybe = s.Cache.Where(c => s.NowMs - c.FreedAtMs < Vc4Lifetimes.CacheCertainlyGoneMs).ToList();
        if (maybe.Count > 0)
        {
            bool sizesKnown = maybe.All(c => c.Pages is not null);
            result = result.SetItem("kernel BO cache", new LabelExpectation(
                sure.Count, maybe.Count,
                sizesKnown ? sure.Sum(c => c.Pages!.Value * 4L) : null,
                sizesKnown ? maybe.Sum(c => c.Pages!.Value * 4L) : null));
        }

        // The purgeable pool: DONTNEED BOs no job is using (kernel-facts A.9).
        var pool = s.Bos.Values.Where(b => b.Madv == Vc4Madv.DontNeed && b.UseCount == 0).ToList();
        if (pool.Count > 0)
            result = result.SetItem("userspace BO cache", LabelExpectation.Exactly(pool.Count, pool.Sum(b => b.Pages * 4L)));
        return new BoStatsExpectation(result);
    }
}
