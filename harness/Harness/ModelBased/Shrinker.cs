using HilHarness.Model;

namespace HilHarness.ModelBased;

/// <summary>
/// Shrinks a failing sequence to a minimal one that still fails: first cut everything after the failing step, then
/// remove ever smaller runs of steps (with the steps that name what they produced), keeping a candidate when it is
/// still a valid sequence for the model and still fails on a board in its starting state.
/// </summary>
public sealed class Shrinker(SequenceGenerator generator, Func<MbtSequence, Task<MbtRunResult>> run)
{
    /// <summary>Board runs the shrinker may spend; the last failing candidate is returned when it runs out.</summary>
    public int MaxRuns { get; init; } = 400;

    public int Runs { get; private set; }

    public async Task<MbtRunResult> ShrinkAsync(MbtRunResult failing)
    {
        var best = failing;
        if (best.FailingStep is { } at && at + 1 < best.Sequence.Steps.Count)
            best = await TryAsync(best, Enumerable.Range(at + 1, best.Sequence.Steps.Count - at - 1)).ConfigureAwait(false) ?? best;
        for (int size = Math.Max(1, best.Sequence.Steps.Count / 2); size >= 1 && Runs < MaxRuns; size /= 2)
        {
            for (int start = 0; start < best.Sequence.Steps.Count && Runs < MaxRuns;)
            {
                if (await TryAsync(best, Enumerable.Range(start, Math.Min(size, best.Sequence.Steps.Count - start))).ConfigureAwait(false) is { } smaller)
                    best = smaller;
                else
                    start += size;
            }
        }
        return best;
    }

    private async Task<MbtRunResult?> TryAsync(MbtRunResult best, IEnumerable<int> remove)
    {
        var candidate = Without(best.Sequence, [.. remove]);
        if (candidate.Steps.Count == best.Sequence.Steps.Count || generator.Walk(candidate) is null) return null;
        Runs++;
        var result = await run(candidate).ConfigureAwait(false);
        return result.Failed ? result : null;
    }

    /// <summary>The sequence without <paramref name="removed"/> and without every later step that names a symbol a
    /// removed step produced.</summary>
    public static MbtSequence Without(MbtSequence sequence, HashSet<int> removed)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<MbtStep>();
        for (int i = 0; i < sequence.Steps.Count; i++)
        {
            var step = sequence.Steps[i];
            if (removed.Contains(i) || step.Ops.Any(op => Names(op.Args.Values, gone)))
            {
                foreach (var op in step.Ops)
                    if (op.Produces is { } p) gone.Add(p);
                continue;
            }
            kept.Add(step);
        }
        return sequence with { Steps = [.. kept] };
    }

    private static bool Names(IEnumerable<OpArg> args, HashSet<string> symbols) => args.Any(a =>
        (a.Symbol is not null && symbols.Contains(a.Symbol)) || (a.Items is not null && Names(a.Items, symbols))
        || (a.Fields is not null && Names(a.Fields.Values, symbols)));
}
