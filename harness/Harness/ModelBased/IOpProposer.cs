using System.Collections.Immutable;
using HilHarness.Model;

namespace HilHarness.ModelBased;

/// <summary>Proposes the next step for one driver from the model's state; the generator keeps it only when the
/// step's preconditions hold (<see cref="ModelWalk.TryApply"/>).</summary>
public interface IOpProposer
{
    string Driver { get; }

    MbtStep Propose(Random random, ModelWalk walk, Func<string, string> newSymbol);

    /// <summary>Steps that bring the board back to its starting state (close files, finish jobs, let the BO cache
    /// expire), checked by the model like any other step so a leak shows up here.</summary>
    IEnumerable<ModelOp> Cleanup(ModelWalk walk);

    /// <summary>Steps run before every sequence that bring a board in any clean state to exactly the model's initial
    /// one (a fresh agent's board and one a cleanup tail left differ in runtime PM, for instance).</summary>
    IEnumerable<ModelOp> Prologue(BoardSemantics semantics) => [];

    /// <summary>Builds a model op from its name, the symbol it produces and its arguments.</summary>
    public static ModelOp Op(string name, string? produces, params (string Name, OpArg Value)[] args) =>
        new(name, args.ToImmutableSortedDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal), produces);

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
