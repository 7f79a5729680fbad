using System.Runtime.CompilerServices;
using HilHarness.Model;

namespace HilHarness.ModelBased;

/// <summary>
/// Seeded, deterministic generation of op sequences whose every step satisfies the model's preconditions: the same
/// seed, semantics and length always give the same sequence. The model's trace over each sequence (states and
/// predictions, prologue included) is kept with it, so running a sequence applies the model once, not three times.
/// </summary>
public sealed class SequenceGenerator
{
    /// <summary>Proposals tried per step before the generator gives up on a state (none has stayed stuck so far;
    /// the bound keeps a bad proposer from looping forever).</summary>
    private const int AttemptsPerStep = 200;

    private readonly IOpProposer proposer;
    private readonly BoardSemantics semantics;
    /// <summary>Traces of the sequences this generator produced or walked; weak, so they live as long as the sequence.</summary>
    private readonly ConditionalWeakTable<MbtSequence, ModelTrace> traces = new();
    private readonly Lazy<(List<ModelState> States, List<StepPrediction?> Predictions, ModelWalk Walk)> prologueTrace;

    public SequenceGenerator(IOpProposer proposer, BoardSemantics semantics)
    {
        this.proposer = proposer;
        this.semantics = semantics;
        Prologue = [.. proposer.Prologue(semantics)];
        prologueTrace = new(TracePrologue);
    }

    public IOpProposer Proposer => proposer;

    public BoardSemantics Semantics => semantics;

    /// <summary>The steps every run begins with (<see cref="IOpProposer.Prologue"/>).</summary>
    public IReadOnlyList<ModelOp> Prologue { get; }

    public MbtSequence Generate(int seed, int length)
    {
        var random = new Random(seed);
        var (states, predictions, walk) = StartTrace();
        var steps = new List<MbtStep>(length);
        int symbols = 0;
        string NewSymbol(string prefix) => $"{prefix}{symbols++}";
        while (steps.Count < length)
        {
            MbtStep? accepted = null;
            for (int attempt = 0; attempt < AttemptsPerStep && accepted is null; attempt++)
            {
                var step = proposer.Propose(random, walk, NewSymbol);
                if (walk.TryApply(step, out var prediction) is { } next)
                {
                    walk = next;
                    accepted = step;
                    states.Add(next.State);
                    predictions.Add(prediction);
                }
            }
            if (accepted is null)
                throw new InvalidOperationException($"{proposer.Driver} generator, seed {seed}: no valid step after {steps.Count} steps in {AttemptsPerStep} tries");
            steps.Add(accepted);
        }
        var sequence = new MbtSequence(proposer.Driver, seed, [.. steps]);
        traces.AddOrUpdate(sequence, new ModelTrace([.. states], [.. predictions], walk));
        return sequence;
    }

    /// <summary>The model after the prologue: where every sequence starts.</summary>
    public ModelWalk Start() => prologueTrace.Value.Walk;

    /// <summary>The walk after every step of <paramref name="sequence"/>, or null when some step's preconditions do
    /// not hold (a shrink candidate that removed a producer).</summary>
    public ModelWalk? Walk(MbtSequence sequence) => Trace(sequence)?.Final;

    /// <summary>The model's trace over the prologue and every step of <paramref name="sequence"/> (remembered for
    /// sequences this generator produced or walked before), or null when some step's preconditions do not hold.</summary>
    public ModelTrace? Trace(MbtSequence sequence)
    {
        if (traces.TryGetValue(sequence, out var known)) return known;
        var (states, predictions, walk) = StartTrace();
        foreach (var step in sequence.Steps)
        {
            if (walk.TryApply(step, out var prediction) is not { } next) return null;
            walk = next;
            states.Add(next.State);
            predictions.Add(prediction);
        }
        var trace = new ModelTrace([.. states], [.. predictions], walk);
        traces.AddOrUpdate(sequence, trace);
        return trace;
    }

    /// <summary>Fresh lists holding the prologue's trace, to be extended by a sequence's steps.</summary>
    private (List<ModelState> States, List<StepPrediction?> Predictions, ModelWalk Walk) StartTrace()
    {
        var (states, predictions, walk) = prologueTrace.Value;
        return ([.. states], [.. predictions], walk);
    }

    private (List<ModelState>, List<StepPrediction?>, ModelWalk) TracePrologue()
    {
        var walk = ModelWalk.Start(semantics);
        var states = new List<ModelState> { walk.State };
        var predictions = new List<StepPrediction?>();
        foreach (var op in Prologue)
        {
            walk = walk.TryApply(MbtStep.Of(op), out var prediction)
                ?? throw new InvalidOperationException($"{proposer.Driver} prologue step {op} breaks the model's preconditions");
            states.Add(walk.State);
            predictions.Add(prediction);
        }
        return (states, predictions, walk);
    }
}
