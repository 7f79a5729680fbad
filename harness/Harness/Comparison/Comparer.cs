using HilHarness.Agent;
using HilHarness.Model;
using HilHarness.Scenarios;
using HilHarness.Uapi;
using HilHarness.Verdicts;

namespace HilHarness.Comparison;

/// <summary>
/// Compares a batch's results with the model's predictions step by step: rc/errno, out fields (exact or by relation),
/// observations, and the kernel's health, then classifies the outcome (design.md "Outcomes").
/// </summary>
public static class Comparer
{
    public static Verdict Compare(string board, IReadOnlyList<ScenarioStep> steps, BatchOutcome outcome)
    {
        var relations = new RelationChecker();
        var observations = new ObservationHistory();
        var rows = new List<StepComparison>(steps.Count);
        foreach (var step in steps)
        {
            var result = step.Index < outcome.Results.Count ? outcome.Results[step.Index] : null;
            observations.Next(result);
            rows.Add(CompareStep(step, result, outcome.Failure, relations, observations));
        }
        var report = new ComparisonReport(board, [.. rows], outcome.Failure is null ? null : $"{outcome.Failure.Kind}: {outcome.Failure.Message}");
        return Classify(steps, rows, outcome, report);
    }

    private static StepComparison CompareStep(ScenarioStep step, AgentStepResult? result, BatchFailure? failure, RelationChecker relations, ObservationHistory observations)
    {
        var p = step.Prediction;
        string op = step.Op.Op;
        if (result is null)
        {
            bool crash = failure?.Kind == BatchFailureKind.KernelCrash;
            return new StepComparison(step.Index, op, p.DescribeResult(), crash ? "kernel crash" : "no result", [],
                [], crash ? StepStatus.KernelFailure : StepStatus.NoResult);
        }
        if (!result.Ok)
            return new StepComparison(step.Index, op, p.DescribeResult(), result.ToString(), [$"agent refused the step: {result.Error}"], [], StepStatus.ProtocolError);

        var differences = new List<string>();
        var hidden = new List<string>();
        if (p.KernelFailure is not null)
            differences.Add($"the kernel should have crashed here ({p.KernelFailure})");
        else if (p.Errno == Errno.None && (result.Rc < 0 || result.Errno != 0))
            differences.Add($"expected success, got rc={result.Rc} {ErrnoNames.Name(result.Errno)}");
        else if (p.Errno != Errno.None && (result.Rc != -1 || result.Errno != (int)p.Errno))
            differences.Add($"expected {p.Errno}, got " + (result.Errno == 0 ? $"rc={result.Rc}" : ErrnoNames.Name(result.Errno)));
        // Out fields are compared for successes, and for failures where the model predicts a stale value (D.3).
        if (differences.Count == 0)
            foreach (var (field, expectation) in p.Out)
                if (relations.Check(field, expectation, ReadU64(result.Out?[field])) is { } d) differences.Add(d);
        if (differences.Count == 0 && p.ExpectedData is { } data && result.Out?["data"]?.GetValue<string>() != data)
            differences.Add($"data: expected base64 {data}, got {result.Out?["data"]?.ToJsonString() ?? "none"}");
        foreach (var obs in p.Observations) ObservationChecker.Check(obs, observations, differences, hidden);
        return new StepComparison(step.Index, op, () => Describe(p), () => Observed(result), [.. differences], [.. hidden],
            differences.Count == 0 ? StepStatus.Match : StepStatus.Differs);
    }

    /// <summary>An integer out field however it was built (parsed JSON or an in-memory value of any integer type).</summary>
    /// <remarks>A value read from the wire is a JSON number token, read as it is; only an in-memory value is written
    /// out as JSON text first (the same digits-only rule either way: no sign, fraction or exponent).</remarks>
    private static ulong? ReadU64(System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is not System.Text.Json.Nodes.JsonValue v) return null;
        if (v.TryGetValue<System.Text.Json.JsonElement>(out var element))
            return element.ValueKind == System.Text.Json.JsonValueKind.Number && element.TryGetUInt64(out var read) ? read : null;
        return ulong.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static string Describe(StepPrediction p) =>
        p.Out.IsEmpty ? p.DescribeResult() : $"{p.DescribeResult()} {string.Join(" ", p.Out.Select(o => $"{o.Key}={o.Value.Describe()}"))}";

    private static string Observed(AgentStepResult r) =>
        r.Out is null || r.Out.Count == 0 ? r.ToString() : $"{r} {string.Join(" ", r.Out.Where(kv => kv.Value is System.Text.Json.Nodes.JsonValue).Select(kv => $"{kv.Key}={kv.Value}"))}";

    private static Verdict Classify(IReadOnlyList<ScenarioStep> steps, List<StepComparison> rows, BatchOutcome outcome, ComparisonReport report)
    {
        var predictedCrash = steps.FirstOrDefault(s => s.Prediction.KernelFailure is not null);
        if (outcome.Failure?.Kind == BatchFailureKind.KernelCrash)
            return new Verdict(Outcome.KernelHealth, predictedCrash is null
                ? $"kernel crashed: {outcome.Failure.KernelEvidence ?? outcome.Failure.Message}"
                : $"kernel crashed as the model predicts for this kernel: {predictedCrash.Prediction.KernelFailure}", report);
        var firstDiff = rows.FirstOrDefault(r => r.Status == StepStatus.Differs);
        if (firstDiff is not null)
            return new Verdict(Outcome.ProductFail, $"step {firstDiff.Index} ({firstDiff.Op}): {string.Join("; ", firstDiff.Differences)}", report);
        var protocol = rows.FirstOrDefault(r => r.Status == StepStatus.ProtocolError);
        if (protocol is not null)
            return new Verdict(Outcome.InfraError, $"step {protocol.Index} ({protocol.Op}): {string.Join("; ", protocol.Differences)}", report);
        if (outcome.Failure is not null)
            return new Verdict(Outcome.InfraError, $"batch ended at step {outcome.Results.Count}: {outcome.Failure.Kind}: {outcome.Failure.Message}", report);
        int hidden = rows.Count(r => !r.NotObservable.IsEmpty);
        return new Verdict(Outcome.Pass, hidden == 0 ? "every step matched the model"
            : $"every observable step matched the model; {hidden} step(s) had sources this board cannot show", report);
    }
}
