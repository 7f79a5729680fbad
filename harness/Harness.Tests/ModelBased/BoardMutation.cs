using HilHarness.Agent;

namespace HilHarness.Tests.ModelBased;

/// <summary>
/// How a <see cref="ModelAnsweringBoard"/> disagrees with the model: the <see cref="Nth"/> single-op step of a batch
/// running <see cref="Op"/> whose honest answer satisfies <see cref="Applies"/> gets <see cref="Change"/>d answer.
/// Counted per batch, so a shrunk sequence that keeps the step keeps the disagreement.
/// </summary>
internal sealed record BoardMutation(string Name, string Op, int Nth, Func<AgentStepResult, bool> Applies, Func<AgentStepResult, AgentStepResult> Change)
{
    public override string ToString() => Name;
}
