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
    public static IReadOnlyList<string> ObservationsFor(string driver) => driver switch
    {
        "panthor" => ["fdinfo", "gems"],
        // runtime_pm is compared only where the model predicts it (vc4 on 7.1+, kernel-facts E5).
        "vc4" => ["bo_stats", "runtime_pm"],
        _ => ["bo_stats"],
    };

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
        var semantics = BoardSemantics.FromHello(session.Hello, suiteCase.Driver);
        if (suiteCase.NotApplicableWhen?.Invoke(semantics) is { } notForThisKernel)
            return (Verdict.NotApplicable(notForThisKernel), null);
        var scenario = new Scenario(semantics);
        suiteCase.Build(scenario);
        if (NotApplicableReason(session.Hello, suiteCase, scenario) is { } notHere)
            return (Verdict.NotApplicable(notHere), null);

        await SettleAsync(session, suiteCase.Driver, cancellationToken).ConfigureAwait(false);
        var monitor = new KernelHealthMonitor(session, KernelAllowlist.Empty);
        await monitor.BeginAsync(cancellationToken).ConfigureAwait(false);
        var firstOpen = scenario.Steps.FirstOrDefault(s => s.Op.Op == "open");
        var options = new BatchOptions
        {
            ObserveAfterEach = ObservationsFor(suiteCase.Driver),
            ObserveFd = firstOpen is null ? null : AgentStep.Ref(firstOpen.Index, "fd"),
        };
        var outcome = IntegersForBooleans(await session.RunBatchAsync(scenario.WireSteps, options, cancellationToken).ConfigureAwait(false));
        var verdict = CheckRaces(Comparer.Compare(session.BoardName, scenario.Steps, outcome), scenario.Steps, outcome);
        if (outcome.Failure is not null)
            return (verdict, null);
        var health = await monitor.EndAsync(cancellationToken).ConfigureAwait(false);
        if (health.Healthy || verdict.Outcome is Outcome.InfraError)
            return (verdict, health);
        string also = verdict.Outcome == Outcome.ProductFail ? $"; also {verdict.Reason}" : "";
        return (new Verdict(Outcome.KernelHealth, $"kernel health: {health.Summary}{also}", verdict.Report), health);
    }

    /// <summary>The Comparer checks a race step's final observations; this checks the raced ops' own results against
    /// every order a correct kernel may run them in, and turns "no order fits" into a differing row of the report.</summary>
    private static Verdict CheckRaces(Verdict verdict, IReadOnlyList<ScenarioStep> steps, BatchOutcome outcome)
    {
        if (verdict.Report is not { } report) return verdict;
        var rows = report.Steps.ToBuilder();
        string? first = null;
        foreach (var step in steps.Where(s => !s.RaceOrders.IsEmpty && s.Index < outcome.Results.Count && outcome.Results[s.Index].Ok))
        {
            var results = (outcome.Results[step.Index].Out?["results"] as JsonArray ?? []).OfType<JsonObject>().Select(AgentStepResult.FromJson).ToList();
            if (step.RaceOrders.Any(order => Fits(order, results))) continue;
            var inOrder = step.RaceOrders[^1];
            string difference = $"no order of the raced ops explains their results: expected (in op order, any interleaving) " +
                $"{string.Join(", ", inOrder.Select(p => p.DescribeResult()))}, got {string.Join(", ", results)}";
            var row = rows[step.Index];
            rows[step.Index] = row with { Differences = row.Differences.Add(difference), Status = StepStatus.Differs };
            first ??= $"step {step.Index} (race): {difference}";
        }
        if (first is null) return verdict;
        var updated = report with { Steps = rows.ToImmutable() };
        return verdict.Outcome == Outcome.Pass ? new Verdict(Outcome.ProductFail, first, updated) : verdict with { Report = updated };
    }

    private static bool Fits(ImmutableArray<StepPrediction> order, List<AgentStepResult> results) =>
        results.Count == order.Length && order.Zip(results).All(pair => pair.First.Errno == Errno.None
            ? pair.Second.Ok && pair.Second.Rc >= 0 && pair.Second.Errno == 0
            : pair.Second.Rc == -1 && pair.Second.Errno == (int)pair.First.Errno);

    /// <summary>The agent answers C booleans (e.g. sim.tiler_oom's queue_fatal) as JSON true/false; the model predicts
    /// them as the integers 0/1, so they are compared as integers (the Comparer reads a boolean as a missing integer).
    /// Public so every runner that hands agent results to the Comparer can do the same.</summary>
    public static BatchOutcome IntegersForBooleans(BatchOutcome outcome) =>
        outcome with { Results = [.. outcome.Results.Select(r => r.Out is null ? r : r with { Out = Normalize(r.Out) })] };

    private static JsonObject Normalize(JsonObject o)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in o)
            copy[key] = value is JsonValue v && v.TryGetValue<bool>(out bool b) ? JsonValue.Create(b ? 1 : 0) : value?.DeepClone();
        return copy;
    }

    /// <summary>Puts the board back to a known start: jobs completed and the kernel BO cache drained (kernel-facts A.8:
    /// 1–2 s after a free), so one case's leftovers are never another's difference. Simulated boards advance their
    /// virtual clock; real vc4 boards wait.</summary>
    private static async Task SettleAsync(IBoardSession session, string driver, CancellationToken cancellationToken)
    {
        if (session.Hello.Simulated)
        {
            await session.RunBatchAsync([new AgentStep("sim.complete_jobs"), new AgentStep("sim.advance", new JsonObject { ["ms"] = 2500 })],
                new BatchOptions(), cancellationToken).ConfigureAwait(false);
        }
        else if (driver == "vc4")
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2100), cancellationToken).ConfigureAwait(false);
        }
    }
}
