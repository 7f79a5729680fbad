using HilHarness.Agent;

namespace HilHarness.ModelBased;

/// <summary>
/// What <see cref="SequenceRunner.Plan"/> compiled for one sequence: every step the batch runs (prologue, the
/// sequence, the cleanup tail) as the model's steps and as the wire steps sent to the agent, index for index, with
/// the batch options. A board that is not an agent (a fake answering from a model) reads <see cref="Steps"/>.
/// </summary>
public sealed record MbtPlan(MbtSequence Sequence, IReadOnlyList<MbtStep> Steps, IReadOnlyList<AgentStep> Wire, BatchOptions Options)
{
    /// <summary>Steps before the sequence's own first step: a failure at batch index i is sequence step i - this.</summary>
    public int PrologueLength { get; init; }

    /// <summary>The model's trace over the prologue and the sequence, which <see cref="SequenceRunner.Judge"/> reads
    /// instead of applying the model again; null means the judge applies the model step by step.</summary>
    public ModelTrace? Trace { get; init; }
}
