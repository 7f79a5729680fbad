using HilHarness.Agent;
using HilHarness.Model;

namespace HilHarness.Scenarios;

/// <summary>One compiled step: the model's op, the wire step sent to the agent, and what the model predicts.</summary>
public sealed record ScenarioStep(int Index, ModelOp Op, AgentStep Wire, StepPrediction Prediction);
