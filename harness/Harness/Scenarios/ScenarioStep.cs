using HilHarness.Agent;
using HilHarness.Model;

namespace HilHarness.Scenarios;

/// <summary>One compiled step: the model's op, the wire step sent to the agent, and what the model predicts.</summary>
public sealed record ScenarioStep(int Index, ModelOp Op, AgentStep Wire, StepPrediction Prediction)
{
    /// <summary>For a <c>race</c> step: for each order a correct kernel may run the raced ops in, each op's prediction
    /// in the order of <c>out.results</c>.</summary>
    public System.Collections.Immutable.ImmutableArray<System.Collections.Immutable.ImmutableArray<StepPrediction>> RaceOrders { get; init; } = [];
}
