using HilHarness.Model;

namespace HilHarness.ModelBased;

/// <summary>
/// Seeded, deterministic generation of op sequences whose every step satisfies the model's preconditions: the same
/// seed, semantics and length always give the same sequence.
/// </summary>
public sealed class SequenceGenerator(IOpProposer proposer, BoardSemantics semantics)
{
    /// <summary>Proposals tried per step before the generator gives up on a state (none has stayed stuck so far;
    /// the bound keeps a bad proposer from looping forever).</summary>
    private const int AttemptsPerStep = 200;

    public IOpProposer Proposer => proposer;

    public BoardSemantics Semantics => semantics;

    public MbtSequence Generate(int seed, int length)
    {
        var random = new Random(seed);
        var walk = Start();
        var steps = new List<MbtStep>(length);
        int symbols = 0;
        string NewSymbol(string prefix) => $"{prefix}{symbols++}";
        while (steps.Count < length)
        {
            MbtStep? accepted = null;
            for (int attempt = 0; attempt < AttemptsPerStep && accepted is null; attempt++)
            {
                var step = proposer.Propose(random, walk, NewSymbol);
                if (walk.TryApply(step) is { } next)
                {
                    walk = next;
                    accepted = step;
                }
            }
            if (accepted is null)
                throw new InvalidOperationException($"{proposer.Driver} generator, seed {seed}: no valid step after {steps.Count} steps in {AttemptsPerStep} tries");
            steps.Add(accepted);
        }
        return new MbtSequence(proposer.Driver, seed, [.. steps]);
    }

    /// <summary>The steps every run begins with (<see cref="IOpProposer.Prologue"/>).</summary>
    public IReadOnlyList<ModelOp> Prologue { get; } = [.. proposer.Prologue(semantics)];

    /// <summary>The model after the prologue: where every sequence starts.</summary>
    public ModelWalk Start() =>
        Prologue.Aggregate(ModelWalk.Start(semantics), (walk, op) => walk.TryApply(MbtStep.Of(op))
            ?? throw new InvalidOperationException($"{proposer.Driver} prologue step {op} breaks the model's preconditions"));

    /// <summary>The walk after every step of <paramref name="sequence"/>, or null when some step's preconditions do
    /// not hold (a shrink candidate that removed a producer).</summary>
    public ModelWalk? Walk(MbtSequence sequence)
    {
        var walk = Start();
        foreach (var step in sequence.Steps)
        {
            if (walk.TryApply(step) is not { } next) return null;
            walk = next;
        }
        return walk;
    }
}
