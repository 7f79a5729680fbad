using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Vc4;

/// <summary>
/// CMA exhaustion on a simulated board (<c>sim.inject</c> <c>cma-fill</c> / <c>cma-release</c>, docs/protocol.md):
/// every vc4 BO comes from CMA, so while the pool is full each allocation that the kernel BO cache cannot serve
/// fails with ENOMEM (kernel-facts A.8: vc4_bo_create purges the kernel cache, then the purgeable pool, retries,
/// then gives up). The model predicts that only while it knows no memory went back to CMA since the fill: nothing
/// was in the kernel BO cache at the fill or entered it after (an entry is either evicted, which frees its memory,
/// or purged by the failing allocation itself, which retries into it), and no purgeable BO is there to purge. In any
/// other state an allocation is outside what the model can predict and the op is refused (a precondition), never
/// guessed.
/// </summary>
internal static class Vc4Cma
{
    /// <summary>Applies <c>sim.inject</c>: only the CMA kinds, only a completely full pool (bytes 0).</summary>
    public static (Vc4State, StepPrediction) Inject(Vc4State s, ModelOp op)
    {
        string? kind = op.Arg("kind")?.Text;
        if (!s.Sem.Simulated) throw new ArgumentException($"op {op}: sim.inject exists only on simulated boards");
        switch (kind)
        {
            case "cma-fill":
                if (op.Num("bytes") != 0)
                    throw new ArgumentException($"op {op}: the model predicts only a completely full CMA pool (bytes 0)");
                // Before 5.3 a runtime resume re-allocates the bin BO, and failing that is the hard crash of E4
                // (kernel-facts A.1); the 40 ms autosuspend makes resumes follow from the clock alone.
                if (s.Sem.Vc4BinBoAtProbe)
                    throw new ArgumentException($"op {op}: before 5.3 a resume under CMA exhaustion crashes the kernel (kernel-facts A.1, E4)");
                return (s with { CmaFilled = true, CmaMayHaveFreed = !s.Cache.IsEmpty }, Success(op.Op));
            case "cma-release":
                return (s with { CmaFilled = false, CmaMayHaveFreed = false }, Success(op.Op));
            default:
                throw new ArgumentException($"op {op}: the vc4 model predicts sim.inject kinds cma-fill and cma-release, not '{kind}'");
        }
    }

    /// <summary>The refusals <see cref="Allocation"/> gives, told apart from predictions by reference: the callers
    /// hand an allocation's failure back unchanged, so the refusal reaches <see cref="Vc4Model.TryApply"/> without an
    /// exception (a generator proposes many allocations while CMA is filled, and used to catch one for each).</summary>
    private static readonly StepPrediction MayHaveFreed =
        Success("refused") with { Note = "CMA is filled but BOs have been in the kernel BO cache since, so memory may have gone back to CMA" };
    private static readonly StepPrediction PurgeableExist =
        Success("refused") with { Note = "CMA is filled and purgeable BOs exist, which the failing allocation would purge and retry into" };

    /// <summary>Null when CMA is not filled (allocations succeed as usual), ENOMEM when the model knows the
    /// allocation fails, a refusal (<see cref="Refusal"/>) when it cannot know (see the class summary).</summary>
    public static StepPrediction? Allocation(Vc4State s, ModelOp op)
    {
        if (!s.CmaFilled) return null;
        if (s.CmaMayHaveFreed) return MayHaveFreed;
        if (s.Bos.Values.Any(b => b.Madv == Vc4Madv.DontNeed && b.UseCount == 0)) return PurgeableExist;
        return Fail(op.Op, Errno.ENOMEM);
    }

    /// <summary>Why the model refuses to predict, when <paramref name="prediction"/> is one of <see cref="Allocation"/>'s
    /// refusals; otherwise null.</summary>
    public static string? Refusal(StepPrediction prediction) =>
        ReferenceEquals(prediction, MayHaveFreed) || ReferenceEquals(prediction, PurgeableExist) ? prediction.Note : null;

    /// <summary>A BO entering the kernel BO cache while CMA is filled: its memory may go back to CMA from here on.</summary>
    public static Vc4State Cached(Vc4State s) => s.CmaFilled ? s with { CmaMayHaveFreed = true } : s;
}
