using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;
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
    /// <summary>The plans behind the wire step lists this runner compiled, keyed by the list a board receives.</summary>
    private readonly ConditionalWeakTable<IReadOnlyList<AgentStep>, MbtPlan> _plans = new();

    public SequenceGenerator Generator => generator;

    /// <summary>Kernel log lines that are expected noise on every board.</summary>
    public KernelAllowlist Allowlist { get; init; } = KernelAllowlist.Empty;

    public TimeSpan BatchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public async Task<MbtRunResult> RunAsync(IBoardSession board, MbtSequence sequence, CancellationToken cancellationToken)
    {
        var plan = Plan(sequence);
        var outcome = await board.RunBatchAsync(plan.Wire, plan.Options, cancellationToken).ConfigureAwait(false);
        return Judge(board.BoardName, plan, outcome);
    }

    /// <summary>Compiles <paramref name="sequence"/> into the one batch <see cref="RunAsync"/> sends: the prologue,
    /// the sequence and the cleanup tail its final model state calls for, as model steps and wire steps.</summary>
    public MbtPlan Plan(MbtSequence sequence)
    {
        var trace = generator.Trace(sequence)
            ?? throw new ArgumentException($"sequence (seed {sequence.Seed}) breaks the model's preconditions; it was not generated for {generator.Semantics.Driver} {generator.Semantics.Kernel}", nameof(sequence));
        var steps = generator.Prologue.Select(MbtStep.Of).Concat(sequence.Steps).Concat(generator.Proposer.Cleanup(trace.Final).Select(MbtStep.Of)).ToList();
        var plan = new MbtPlan(sequence, steps, Compile(steps), Options(steps)) { PrologueLength = generator.Prologue.Count, Trace = trace };
        _plans.AddOrUpdate(plan.Wire, plan);
        return plan;
    }

    /// <summary>The plan whose <see cref="MbtPlan.Wire"/> is <paramref name="wire"/> (the very list
    /// <see cref="RunAsync"/> hands the board), or null: lets a board that is not an agent answer from the model's
    /// steps instead of the wire.</summary>
    public MbtPlan? PlanOf(IReadOnlyList<AgentStep> wire) => _plans.TryGetValue(wire, out var plan) ? plan : null;

    private BatchOptions Options(List<MbtStep> steps)
    {
        bool vc4 = generator.Semantics.Driver == "vc4";
        // fdinfo needs an fd: the model watches the first file opened, which must exist before the first observation.
        bool fdinfo = !vc4 && steps.Count > 0 && steps[0].Op.Op == "open";
        return new BatchOptions
        {
            // runtime_pm only where the model predicts it (vc4 on 7.1+; a 6.x Pi never suspends, kernel-facts E5).
            ObserveAfterEach = vc4 ? generator.Semantics.Vc4RuntimePmPredicted ? ["bo_stats", "runtime_pm", "kmsg"] : ["bo_stats", "kmsg"]
                : fdinfo ? ["fdinfo", "gems", "kmsg"] : ["gems", "kmsg"],
            ObserveFd = fdinfo ? AgentStep.Ref(0, "fd") : null,
            // Every step is still observed and checked; values equal to the previous step's are not re-sent.
            ObserveChangesOnly = true,
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

    private IReadOnlyList<KernelIssue> ClassifyKernelLog(JsonElement kmsg) =>
        KernelLogClassifier.Find(KmsgRecord.ListFromObserve(JsonObject.Create(kmsg)), Allowlist);

    /// <summary>Feeds the model every step of <paramref name="plan"/> and compares it with what the board answered:
    /// rc, errno, out fields and observations of every step, and the kernel log after every step.</summary>
    public MbtRunResult Judge(string boardName, MbtPlan plan, BatchOutcome outcome)
    {
        var (sequence, steps, wire) = (plan.Sequence, plan.Steps, plan.Wire);
        var state = ReferenceModel.Initial(generator.Semantics);
        // The generator's trace holds the model's predictions for the prologue and the sequence; it stays valid until
        // a race resolves in another order than the one the trace assumed, and from there the model runs live.
        var trace = plan.Trace;
        bool traced = trace is not null;
        var predicted = new List<ScenarioStep>(steps.Count);
        (int Step, string Why)? first = null;
        var observations = new ObservationHistory();
        for (int i = 0; i < steps.Count; i++)
        {
            var result = i < outcome.Results.Count ? outcome.Results[i] : null;
            observations.Next(result);
            traced &= i < trace?.Count;
            StepPrediction prediction;
            if (steps[i].IsRace)
            {
                (state, prediction, string? mismatch, bool inOrder) = RaceOutcome.Predict(traced ? trace!.Before(i) : state, steps[i].Race!, result);
                // Another order that leaves the state the trace assumed (panthor: both orders of a VM destroy and a
                // heap create on it end without the VM and its heaps) keeps the trace valid; the model would otherwise
                // run live for the rest of the batch, which was most of the judging time of a panthor search.
                traced = traced && (inOrder || (state is Model.Panthor.PanthorState live && trace!.After(i) is Model.Panthor.PanthorState assumed
                    && live.PredictsLike(assumed)));
                if (mismatch is not null) first ??= (i, mismatch);
            }
            else if (traced && trace!.Prediction(i) is { } known) (state, prediction) = (trace.After(i), known);
            else (state, prediction) = ReferenceModel.Apply(state, steps[i].Op);
            predicted.Add(new ScenarioStep(i, steps[i].Op, wire[i], prediction));
            // An unchanged kmsg (observe_changes_only) is the value already classified after an earlier step: the same
            // records give the same findings, so each distinct value is classified once.
            if (observations.Source("kmsg") is { ValueKind: JsonValueKind.Object }
                && observations.Derive("kmsg", ClassifyKernelLog) is { Count: > 0 } issues)
                first ??= (i, $"kernel log after step {i}: {string.Join("; ", issues)}");
        }
        var verdict = Comparer.Compare(boardName, predicted, outcome);
        var differing = verdict.Report?.Steps.FirstOrDefault(s => s.Status != StepStatus.Match);
        if (differing is not null && (first is null || differing.Index < first.Value.Step))
            first = (differing.Index, verdict.Reason);
        if (first is null && verdict.Outcome != Outcome.Pass) first = (outcome.Results.Count, verdict.Reason);
        bool failed = first is not null;
        // Step numbers count the sequence's own steps: a failure in the prologue is reported at its first step.
        int? failing = first is { } f ? Math.Max(0, f.Step - plan.PrologueLength) : null;
        return new MbtRunResult(sequence, failed, failing, first?.Why ?? verdict.Reason, verdict, outcome.Results.Count);
    }
}
