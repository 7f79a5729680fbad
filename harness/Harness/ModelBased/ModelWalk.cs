using System.Collections.Immutable;
using HilHarness.Model;
using HilHarness.Model.Panthor;
using HilHarness.Model.Vc4;

namespace HilHarness.ModelBased;

/// <summary>
/// The reference model walked over a sequence, with the symbols later steps may name (what a race produces cannot be
/// named: a <c>$ref</c> does not reach inside <c>out.results</c>). The generator and the shrinker share its
/// preconditions, so a shrunk candidate is always a sequence the generator could have produced.
/// </summary>
public sealed record ModelWalk(ModelState State, ImmutableHashSet<string> Named)
{
    public static ModelWalk Start(BoardSemantics semantics) => new(ReferenceModel.Initial(semantics), []);

    /// <summary>The walk after <paramref name="step"/>, or null when the step's preconditions do not hold here: a
    /// symbol nobody produced, an op the model refuses, or a step the model predicts crashes the kernel (never run
    /// adversarial crashes on purpose; kernel-facts A.4 warns against it on shared boards).</summary>
    public ModelWalk? TryApply(MbtStep step) => TryApply(step, out _);

    /// <summary><see cref="TryApply(MbtStep)"/>, also giving the model's prediction for a single-op step (null for a
    /// race, whose prediction depends on the order the board ran it in), so a runner need not apply the model twice.</summary>
    public ModelWalk? TryApply(MbtStep step, out StepPrediction? prediction)
    {
        prediction = null;
        var state = State;
        if (step.IsRace && state is PanthorState p && PanthorModel.RaceHazard(p, step.Race!) is not null) return null;
        foreach (var op in step.Ops)
        {
            if (!Holds(state, op)) return null;
            StepPrediction predicted;
            try
            {
                if (ReferenceModel.TryApply(state, op, out _) is not { } applied) return null;
                (state, predicted) = applied;
            }
            catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InvalidOperationException)
            {
                return null;
            }
            if (predicted.KernelFailure is not null) return null;
            if (!step.IsRace) prediction = predicted;
        }
        var named = Named;
        if (!step.IsRace && step.Op.Produces is { } produced) named = named.Add(produced);
        return new ModelWalk(state, named);
    }

    private bool Holds(ModelState state, ModelOp op)
    {
        if (!ReferenceModel.Knows(state, op.Op)) return false;
        if (!SymbolsNamed(op.Args.Values)) return false;
        if (state is not Vc4State v) return true;
        if (!Vc4Model.NamesOpenFileIfNeeded(v, op)) return false;
        // The kernel checks that the mapping file still has a handle (drm_vma_node_is_allowed); the model does not.
        if (op.Op == "mmap")
            return op.Sym("offset") is { } off && v.MmapOffsets.TryGetValue(off, out var bo) && v.Bos.TryGetValue(bo, out var b)
                && b.HandleOpen && b.File == op.Sym("fd");
        if (op.Op == "munmap") return op.Sym("map") is { } map && v.Maps.ContainsKey(map);
        if (op.Op == "vc4.wait_seqno") return op.Sym("seqno") is { } job && v.Jobs.ContainsKey(job);
        return true;
    }

    private bool SymbolsNamed(IEnumerable<OpArg> args) => args.All(a =>
        (a.Symbol is null || Named.Contains(a.Symbol))
        && (a.Items is null || SymbolsNamed(a.Items))
        && (a.Fields is null || SymbolsNamed(a.Fields.Values)));
}
