using HilHarness.Agent;
using HilHarness.Inventory;
using HilHarness.Results;
using HilHarness.Sessions;
using HilHarness.Transport;
using HilHarness.Verdicts;

namespace HilHarness.Suites;

/// <summary>
/// The main job's engine (<c>hil run</c>): the selected suites on the selected boards, the boards in parallel (one
/// task each) and each board's cases in catalog order on one session per suite, as the NUnit fixtures run them.
/// Every case's result goes to the <see cref="ResultStore"/> the moment it ends; a case the store already holds (a
/// resumed run) is skipped. A board that cannot be reached turns its remaining cases into InfraError and the other
/// boards go on.
/// </summary>
public sealed class RackRunner(BoardSessionFactory factory, ResultStore store, ModelBasedSuite modelBased)
{
    /// <summary>Called after each case is recorded (from the board's task), e.g. to print progress.</summary>
    public Action<CaseResult> Finished { get; init; } = _ => { };

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Task RunAsync(IReadOnlyList<BoardRecord> boards, IReadOnlyList<string> suites, CancellationToken cancellationToken) =>
        Task.WhenAll(boards.Select(board => Task.Run(() => RunBoardAsync(board, suites, cancellationToken), cancellationToken)));

    /// <summary>The cases <c>hil run</c> leaves out: those with a known model/simulator gap, which the NUnit suites
    /// also run only when selected explicitly.</summary>
    public static IEnumerable<SuiteCase> KnownGaps(IEnumerable<string> suites) =>
        suites.SelectMany(s => SuiteCatalog.CasesOf(s) ?? []).Where(c => c.KnownGap is not null);

    private async Task RunBoardAsync(BoardRecord board, IReadOnlyList<string> suites, CancellationToken cancellationToken)
    {
        string? unreachable = null;
        foreach (var suite in suites)
        {
            if (SuiteCatalog.CasesOf(suite) is { } cases)
                unreachable = await RunCasesAsync(board, suite, cases, unreachable, cancellationToken).ConfigureAwait(false);
            else if (suite == SuiteCatalog.ModelBased)
                unreachable = await RunModelBasedAsync(board, unreachable, cancellationToken).ConfigureAwait(false);
            else
                throw new ArgumentException($"no suite named \"{suite}\"; suites: {string.Join(", ", SuiteCatalog.Names)}", nameof(suites));
        }
    }

    /// <summary>Runs one suite's cases; returns why the board is unreachable (then or before), or null.</summary>
    private async Task<string?> RunCasesAsync(BoardRecord board, string suite, IReadOnlyList<SuiteCase> cases, string? unreachable, CancellationToken cancellationToken)
    {
        var pending = cases.Where(c => c.KnownGap is null && !store.Contains(new CaseKey(board.Name, suite, c.Name))).ToList();
        if (pending.Count == 0) return unreachable;
        if (!cases.Any(c => c.Driver == board.Driver))
        {
            string reason = $"this suite tests {string.Join("/", cases.Select(c => c.Driver).Distinct())}, the board runs {board.Driver}";
            foreach (var c in pending) Record(board, suite, c.Name, Verdict.NotApplicable(reason), null, null, TimeSpan.Zero, null);
            return unreachable;
        }
        await using var session = new SuiteSession(board, factory);
        foreach (var suiteCase in pending)
        {
            if (unreachable is not null)
            {
                Record(board, suite, suiteCase.Name, Unreachable(unreachable), null, null, TimeSpan.Zero, null);
                continue;
            }
            IBoardSession live;
            try
            {
                live = await session.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                unreachable = OpenFailure(board, e);
                Record(board, suite, suiteCase.Name, Unreachable(unreachable), null, null, TimeSpan.Zero, null);
                continue;
            }
            var outcome = await RunOneAsync(live, suiteCase, cancellationToken).ConfigureAwait(false);
            Record(board, suite, suiteCase.Name, outcome.Verdict,
                outcome.Health is { Healthy: false } h ? h.Excerpt : null, live.Hello.KernelRelease, outcome.Duration, null);
        }
        return unreachable;
    }

    /// <summary>A harness bug in one case (the model or the scenario threw) must not stop the rack: it is recorded as
    /// InfraError, which is never the kernel's fault and keeps the exit code off "passed".</summary>
    private static async Task<SuiteOutcome> RunOneAsync(IBoardSession session, SuiteCase suiteCase, CancellationToken cancellationToken)
    {
        try
        {
            return await SuiteRunner.RunAsync(session, suiteCase, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var verdict = new Verdict(Outcome.InfraError, $"{session.BoardName}: the harness threw running {suiteCase}: {e.GetType().Name}: {e.Message}", null);
            return new SuiteOutcome(session.BoardName, suiteCase, verdict, null, TimeSpan.Zero);
        }
    }

    private async Task<string?> RunModelBasedAsync(BoardRecord board, string? unreachable, CancellationToken cancellationToken)
    {
        if (store.Contains(new CaseKey(board.Name, SuiteCatalog.ModelBased, ModelBasedSuite.CaseName))) return unreachable;
        if (unreachable is not null && ModelBasedSuite.NotApplicableReason(board.Driver) is null)
        {
            Record(board, SuiteCatalog.ModelBased, ModelBasedSuite.CaseName, Unreachable(unreachable), null, null, TimeSpan.Zero, null);
            return unreachable;
        }
        ModelBasedOutcome outcome;
        try
        {
            outcome = await modelBased.RunAsync(board, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var verdict = new Verdict(Outcome.InfraError, $"{board.Name}: the harness threw running the model-based suite: {e.GetType().Name}: {e.Message}", null);
            outcome = new ModelBasedOutcome(verdict, verdict.Reason, null, TimeSpan.Zero);
        }
        Record(board, SuiteCatalog.ModelBased, ModelBasedSuite.CaseName, outcome.Verdict, null, outcome.KernelRelease, outcome.Duration,
            outcome.Verdict.Outcome is Outcome.ProductFail or Outcome.KernelHealth ? outcome.Details : null);
        return outcome.Verdict.Outcome == Outcome.InfraError && outcome.KernelRelease is null ? outcome.Verdict.Reason : unreachable;
    }

    /// <summary>Why a session could not be opened: the transport's own message, or a harness bug (a board record the
    /// transport rejects) said as such; either way it stays with this board.</summary>
    private static string OpenFailure(BoardRecord board, Exception e) =>
        e is InfraException ? e.Message : $"{board.Name}: the harness could not open a session: {e.GetType().Name}: {e.Message}";

    private static Verdict Unreachable(string why) => new(Outcome.InfraError, $"board unreachable: {why}", null);

    private void Record(BoardRecord board, string suite, string caseName, Verdict verdict, string? kernelLog, string? release, TimeSpan duration, string? diff)
    {
        var result = new CaseResult
        {
            RunId = store.RunId,
            Board = board.Name,
            Suite = suite,
            Case = caseName,
            Outcome = verdict.Outcome,
            Duration = duration,
            Reason = verdict.Reason,
            Diff = diff ?? verdict.Report?.ToTable(),
            KernelLog = kernelLog,
            KernelVersion = release,
            Profile = board.IsSimulated ? board.Kernel["sim:".Length..] : null,
            Timestamp = Time.GetUtcNow(),
        };
        store.Append(result);
        Finished(result);
    }
}
