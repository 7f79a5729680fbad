using System.Collections.Immutable;
using System.Text.Json.Nodes;
using HilHarness.Agent;
using HilHarness.Comparison;
using HilHarness.Health;
using HilHarness.Model;
using HilHarness.Scenarios;
using HilHarness.Verdicts;

namespace HilHarness.ModelBased;

/// <summary>
/// Runs a sequence as one batch on a board, then feeds the model step by step and compares every step with the
/// <see cref="Comparer"/>; the kernel log observed after each step is checked for WARN/BUG/oops/KASAN. A cleanup
/// tail (close everything, finish jobs, let caches expire) is part of the batch and checked like any step, so state
/// that outlives the sequence (a leaked bin BO) fails the sequence that leaked it.
/// </summary>
public sealed class SequenceRunner(SequenceGenerator generator)
{
    public SequenceGenerator Generator => generator;

    /// <summary>Kernel log lines that are expected noise on every board.</summary>
    public KernelAllowlist Allowlist { get; init; } = KernelAllowlist.Empty;

    public TimeSpan BatchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public async Task<MbtRunResult> RunAsync(IBoardSession board, MbtSequence sequence, CancellationToken cancellationToken)
    {
        var walk = generator.Walk(sequence)
            ?? throw new ArgumentException($"sequence (seed {sequence.Seed}) breaks the model's preconditions; it was not generated for {generator.Semantics.Driver} {generator.Semantics.Kernel}", nameof(sequence));
        var steps = generator.Prologue.Select(MbtStep.Of).Concat(sequence.Steps).Concat(generator.Proposer.Cleanup(walk).Select(MbtStep.Of)).ToList();
        var wire = Compile(steps);
        var outcome = await board.RunBatchAsync(wire, Options(steps), cancellationToken).ConfigureAwait(false);
        return Judge(board.BoardName, sequence, steps, wire, outcome);
    }

    private BatchOptions Options(List<MbtStep> steps)
    {
        bool vc4 = generator.Semantics.Driver == "vc4";
        // fdinfo needs an fd: the model watches the first file opened, which must exist before the first observation.
        bool fdinfo = !vc4 && steps.Count > 0 && steps[0].Op.Op == "open";
        return new BatchOptions
        {
            ObserveAfterEach = vc4 ? ["bo_stats", "kmsg"] : fdinfo ? ["fdinfo", "gems", "kmsg"] : ["gems", "kmsg"],
            ObserveFd = fdinfo ? AgentStep.Ref(0, "fd") : null,
            Timeout = BatchTimeout,
        };
    }

    private static List<AgentStep> Compile(List<MbtStep> steps)
    {
        var compiler = new StepCompiler();
        var wire = new List<AgentStep>(steps.Count);
        for (int i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (!step.IsRace)
            {
                wire.Add(compiler.Compile(i, step.Op));
                continue;
            }
            var inner = new JsonArray([.. step.Race!.Select(op => (JsonNode)compiler.Compile(i, op).ToJson())]);
            wire.Add(new AgentStep("race", new JsonObject { ["seed"] = step.RaceSeed, ["steps"] = inner }));
        }
        return wire;
    }

    private MbtRunResult Judge(string boardName, MbtSequence sequence, List<MbtStep> steps, List<AgentStep> wire, BatchOutcome outcome)
    {
        var state = ReferenceModel.Initial(generator.Semantics);
        var predicted = new List<ScenarioStep>(steps.Count);
        (int Step, string Why)? first = null;
        for (int i = 0; i < steps.Count; i++)
        {
            var result = i < outcome.Results.Count ? outcome.Results[i] : null;
            StepPrediction prediction;
            if (steps[i].IsRace)
            {
                (state, prediction, string? mismatch) = RaceOutcome.Predict(state, steps[i].Race!, result);
                if (mismatch is not null) first ??= (i, mismatch);
            }
            else (state, prediction) = ReferenceModel.Apply(state, steps[i].Op);
            predicted.Add(new ScenarioStep(i, steps[i].Op, wire[i], prediction));
            if (result?.Observe?["kmsg"] is JsonObject kmsg && KernelLogClassifier.Find(KmsgRecord.ListFromObserve(kmsg), Allowlist) is { Count: > 0 } issues)
                first ??= (i, $"kernel log after step {i}: {string.Join("; ", issues)}");
        }
        var verdict = Comparer.Compare(boardName, predicted, outcome);
        var differing = verdict.Report?.Steps.FirstOrDefault(s => s.Status != StepStatus.Match);
        if (differing is not null && (first is null || differing.Index < first.Value.Step))
            first = (differing.Index, verdict.Reason);
        if (first is null && verdict.Outcome != Outcome.Pass) first = (outcome.Results.Count, verdict.Reason);
        bool failed = first is not null;
        // Step numbers count the sequence's own steps: a failure in the prologue is reported at its first step.
        int? failing = first is { } f ? Math.Max(0, f.Step - generator.Prologue.Count) : null;
        return new MbtRunResult(sequence, failed, failing, first?.Why ?? verdict.Reason, verdict, outcome.Results.Count);
    }
}
