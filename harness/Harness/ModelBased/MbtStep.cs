using System.Collections.Immutable;
using HilHarness.Model;

namespace HilHarness.ModelBased;

/// <summary>
/// One generated step: a model op, or a race of ops (the agent's <c>race</c> op, docs/protocol.md "Races") with the
/// seed that fixes a simulated kernel's interleaving. Plain data so a sequence saves to JSON and replays.
/// </summary>
public sealed record MbtStep(ModelOp Op, ImmutableList<ModelOp>? Race = null, int RaceSeed = 0)
{
    public static MbtStep Of(ModelOp op) => new(op);

    public static MbtStep Racing(int seed, params ModelOp[] ops) =>
        new(new ModelOp("race", ImmutableSortedDictionary<string, OpArg>.Empty), [.. ops], seed);

    public bool IsRace => Race is not null;

    /// <summary>The ops this step runs, in the order the model applies them first.</summary>
    public IEnumerable<ModelOp> Ops => Race ?? [Op];

    public override string ToString() => IsRace ? $"race(seed={RaceSeed}: {string.Join(" ‖ ", Race!)})" : Op.ToString();
}
