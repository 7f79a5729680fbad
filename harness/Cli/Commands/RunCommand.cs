using System.Diagnostics;
using HilHarness.Results;
using HilHarness.Sessions;
using HilHarness.Suites;
using HilHarness.Verdicts;

namespace HilHarness.Cli.Commands;

/// <summary>
/// <c>hil run</c>: the main job. Runs the suites on the rack's boards (in parallel, one task per board), records each
/// case in results/&lt;run-id&gt;/results.jsonl as it ends, prints the summary and every failure, and exits 0 (all
/// passed), 1 (a kernel failure) or 2 (only infrastructure failed, or bad arguments).
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(RunArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (plan, refusal) = RunPlan.Resolve(arguments);
        if (plan is null)
        {
            await error.WriteLineAsync($"hil run: {refusal}");
            return Program.UsageError;
        }
        ResultStore store;
        try
        {
            store = arguments.Resume is { } runId
                ? ResultStore.Resume(arguments.Results.FullName, runId, warning => error.WriteLine($"hil run: warning: {warning}"))
                : ResultStore.Create(arguments.Results.FullName, RunIds.New(DateTimeOffset.UtcNow));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            await error.WriteLineAsync($"hil run: {(arguments.Resume is null ? "--results" : "--resume")}: {e.Message}");
            return Program.UsageError;
        }
        using (store)
        {
            int recorded = store.Records.Count;
            await error.WriteLineAsync(recorded == 0
                ? $"hil run {store.RunId}: {plan.Boards.Count} board(s), suites {string.Join(", ", plan.Suites)}; results in {store.Path}"
                : $"hil run {store.RunId}: resuming, {recorded} case(s) already recorded in {store.Path}");
            var clock = Stopwatch.StartNew();
            var factory = new BoardSessionFactory(new SessionFactoryOptions { Purpose = $"hil run {store.RunId}", Log = m => error.WriteLine(m) });
            // Progress on stderr: each kernel failure as it happens, each board's infrastructure reason once (an
            // unreachable board would otherwise print a line per case).
            var infraSeen = new HashSet<(string, string)>();
            var runner = new RackRunner(factory, store, new ModelBasedSuite(factory) { Seed = arguments.Seed, Steps = arguments.ModelBasedSteps })
            {
                Finished = r =>
                {
                    lock (infraSeen)
                    {
                        if (r.Outcome is Outcome.ProductFail or Outcome.KernelHealth)
                            error.WriteLine($"{r.Board} {r.Suite}/{r.Case}: {r.Outcome}");
                        else if (r.Outcome == Outcome.InfraError && infraSeen.Add((r.Board, r.Reason)))
                            error.WriteLine($"{r.Board} {r.Suite}/{r.Case}: InfraError: {r.Reason}");
                    }
                },
            };
            bool interrupted = false;
            try
            {
                await runner.RunAsync(plan.Boards, plan.Suites, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }
            var names = plan.Boards.Select(b => b.Name).ToHashSet();
            var results = store.Records.Where(r => names.Contains(r.Board) && plan.Suites.Contains(r.Suite)).ToList();
            RunReport.Write(output, plan, results);
            var gaps = RackRunner.KnownGaps(plan.Suites).ToList();
            if (gaps.Count > 0)
                await output.WriteLineAsync($"\nnot run: {gaps.Count} case(s) with a known model/simulator gap ({string.Join(", ", gaps.Select(g => g.Name))}); the NUnit suites run them when selected explicitly");
            await output.WriteLineAsync($"\nrun {store.RunId}: {results.Count} case result(s) in {RunReport.Seconds(clock.Elapsed)}; {store.Path}");
            if (interrupted)
                await output.WriteLineAsync($"interrupted: resume with hil run --resume {store.RunId}");
            var outcomes = results.Select(r => r.Outcome);
            return RunExitCode.From(interrupted ? outcomes.Append(Outcome.InfraError) : outcomes);
        }
    }

    /// <summary>results/ of the checkout (the nearest folder with HilHarness.sln above the working directory, where
    /// .gitignore covers it), else ./results.</summary>
    public static DirectoryInfo DefaultResults()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HilHarness.sln")))
                return new DirectoryInfo(Path.Combine(dir.FullName, "results"));
        return new DirectoryInfo("results");
    }
}
