using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json.Nodes;
using HilHarness.Agent;
using HilHarness.Comparison;
using HilHarness.Health;
using HilHarness.Model;
using HilHarness.Scenarios;
using HilHarness.Transport;
using HilHarness.Uapi;
using HilHarness.Verdicts;

namespace HilHarness.Suites;

/// <summary>
/// Runs one <see cref="SuiteCase"/> on a live board: decides applicability from the hello, builds the scenario with
/// the model for this board's kernel, sends it as one batch with the driver's observation sources after every step,
/// compares step by step, and brackets it with the kernel's health. Never throws for a board problem: infrastructure
/// trouble comes back as an InfraError verdict.
/// </summary>
public static class SuiteRunner
{
    /// <summary>What the agent reads after every step, per driver (kernel-facts A.12, D.4).</summary>
    public static IReadOnlyList<string> ObservationsFor(string driver) => driver == "panthor" ? ["fdinfo", "gems"] : ["bo_stats"];

    public static async Task<SuiteOutcome> RunAsync(IBoardSession session, SuiteCase suiteCase, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        KernelHealthVerdict? health = null;
        Verdict verdict;
        try
        {
            (verdict, health) = await RunCoreAsync(session, suiteCase, cancellationToken).ConfigureAwait(false);
        }
        catch (InfraException e)
        {
            verdict = new Verdict(Outcome.InfraError, $"{session.BoardName}: {e.Message}", null);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith(session.BoardName, StringComparison.Ordinal))
        {
            // BoardSession reports an agent that refused a whole batch this way: the harness, not the kernel, is wrong.
            verdict = new Verdict(Outcome.InfraError, e.Message, null);
        }
        return new SuiteOutcome(session.BoardName, suiteCase, verdict, health, clock.Elapsed);
    }

    /// <summary>Why the case cannot run on this board, or null when it can.</summary>
    public static string? NotApplicableReason(AgentHello hello, SuiteCase suiteCase, Scenario? scenario)
    {
        if (hello.Driver(suiteCase.Driver) is null)
            return $"the board has no {suiteCase.Driver} driver (it has: {(hello.Drivers.Count == 0 ? "none" : string.Join(", ", hello.Drivers.Select(d => d.Name)))})";
        if (scenario is not null && !hello.Simulated && scenario.Steps.FirstOrDefault(s => s.Op.Op.StartsWith("sim.", StringComparison.Ordinal)) is { } sim)
            return $"step {sim.Index} uses {sim.Op.Op}, which only a simulated board has (this board runs {hello.Kernel})";
        return null;
    }

    private static async Task<(Verdict, KernelHealthVerdict?)> RunCoreAsync(IBoardSession session, SuiteCase suiteCase, CancellationToken cancellationToken)
    {
        if (NotApplicableReason(session.Hello, suiteCase, null) is { } noDriver)
            return (Verdict.NotApplicable(noDriver), null);
        var scenario = new Scenario(BoardSemantics.FromHello(session.Hello, suiteCase.Driver));
        suiteCase.Build(scenario);
        if (NotApplicableReason(session.Hello, suiteCase, scenario) is { } notHere)
            return (Verdict.NotApplicable(notHere), null);

        var monitor = new KernelHealthMonitor(session, KernelAllowlist.Empty);
        await monitor.BeginAsync(cancellationToken).ConfigureAwait(false);
        var firstOpen = scenario.Steps.FirstOrDefault(s => s.Op.Op == "open");
        var options = new BatchOptions
        {
            ObserveAfterEach = ObservationsFor(suiteCase.Driver),
            ObserveFd = firstOpen is null ? null : AgentStep.Ref(firstOpen.Index, "fd"),
        };
        var outcome = await session.RunBatchAsync(scenario.WireSteps, options, cancellationToken).ConfigureAwait(false);
        var verdict = CheckRaces(Comparer.Compare(session.BoardName, scenario.Steps, outcome), scenario.Steps, outcome);
        if (outcome.Failure is not null)
            return (verdict, null);
        var health = await monitor.EndAsync(cancellationToken).ConfigureAwait(false);
        if (health.Healthy || verdict.Outcome is Outcome.InfraError)
            return (verdict, health);
        string also = verdict.Outcome == Outcome.ProductFail ? $"; also {verdict.Reason}" : "";
        return (new Verdict(Outcome.KernelHealth, $"kernel health: {health.Summary}{also}", verdict.Report), health);
    }

    /// <summary>The Comparer checks a race step's final observations; this checks each raced op's own result against
    /// its prediction, and turns a mismatch into a differing row of the same report.</summary>
    private static Verdict CheckRaces(Verdict verdict, IReadOnlyList<ScenarioStep> steps, BatchOutcome outcome)
    {
        if (verdict.Report is not { } report) return verdict;
        var rows = report.Steps.ToBuilder();
        string? first = null;
        foreach (var step in steps.Where(s => !s.Inner.IsEmpty && s.Index < outcome.Results.Count))
        {
            var results = (outcome.Results[step.Index].Out?["results"] as JsonArray ?? []).OfType<JsonObject>().Select(AgentStepResult.FromJson).ToList();
            var differences = new List<string>();
            for (int i = 0; i < step.Inner.Length; i++)
            {
                var expected = step.Inner[i];
                if (i >= results.Count) { differences.Add($"raced op {i} ({expected.Op}): no result"); continue; }
                var got = results[i];
                bool matches = expected.Errno == Errno.None ? got.Ok && got.Rc >= 0 && got.Errno == 0 : got.Rc == -1 && got.Errno == (int)expected.Errno;
                if (!matches) differences.Add($"raced op {i} ({expected.Op}): expected {expected.DescribeResult()}, got {got}");
            }
            if (differences.Count == 0) continue;
            var row = rows[step.Index];
            rows[step.Index] = row with { Differences = row.Differences.AddRange(differences), Status = StepStatus.Differs };
            first ??= $"step {step.Index} (race): {string.Join("; ", differences)}";
        }
        if (first is null) return verdict;
        var updated = report with { Steps = rows.ToImmutable() };
        return verdict.Outcome == Outcome.Pass ? new Verdict(Outcome.ProductFail, first, updated) : verdict with { Report = updated };
    }
}
