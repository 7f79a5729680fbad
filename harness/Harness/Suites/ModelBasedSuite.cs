using System.Diagnostics;
using HilHarness.Agent;
using HilHarness.Inventory;
using HilHarness.Model;
using HilHarness.ModelBased;
using HilHarness.Sessions;
using HilHarness.Transport;
using HilHarness.Verdicts;

namespace HilHarness.Suites;

/// <summary>
/// The model-based suite of <c>hil run</c>: one seeded search per board (<see cref="ModelBasedTester"/>) of a fixed
/// number of generated steps, so the same seed replays the same sequences on the same kernel. A counterexample is the
/// failure, shrunk; a board that cannot be reached is InfraError.
/// </summary>
public sealed class ModelBasedSuite(BoardSessionFactory factory)
{
    /// <summary>The one "case" this suite records per board, so a resumed run can skip it.</summary>
    public const string CaseName = "RandomSequences";

    public int Seed { get; init; } = 1;

    /// <summary>Generated steps per board (a failing search stops early).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Why the suite cannot run for <paramref name="driver"/>, or null when a proposer exists for it.</summary>
    public static string? NotApplicableReason(string driver) =>
        driver is "vc4" or "panthor" ? null : $"the model-based generator covers vc4 and panthor, the board runs {driver}";

    /// <summary>
    /// Why the suite cannot run on the board that said <paramref name="hello"/>, or null when it can. The generators
    /// finish jobs and move time with <c>sim.*</c> steps, which a real kernel answers <c>not-simulated</c>, and on
    /// hardware the model cannot know when a job finishes (its BCL and RCL leave <c>bo_stats</c> then): run on
    /// hardware, every search would end in a refused batch, reported as a failure that is nobody's. NotApplicable
    /// says so instead, until the generators have a hardware mode.
    /// </summary>
    public static string? NotApplicableOn(AgentHello hello) => hello.Simulated ? null
        : $"model-based testing finishes jobs and moves time with sim.* steps, which only a simulated board has (this board runs {hello.Kernel} {hello.KernelRelease})";

    public async Task<ModelBasedOutcome> RunAsync(BoardRecord board, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (NotApplicableReason(board.Driver) is { } reason)
            return new ModelBasedOutcome(Verdict.NotApplicable(reason), reason, null, clock.Elapsed);
        string? release = null;
        IBoardSession? first = null;
        try
        {
            first = await factory.OpenAsync(board, cancellationToken).ConfigureAwait(false);
            release = first.Hello.KernelRelease;
            if (first.Hello.Driver(board.Driver) is null)
            {
                var missing = Verdict.NotApplicable($"the board has no {board.Driver} driver");
                return new ModelBasedOutcome(missing, missing.Reason, release, clock.Elapsed);
            }
            if (NotApplicableOn(first.Hello) is { } hardware)
                return new ModelBasedOutcome(Verdict.NotApplicable(hardware), hardware, release, clock.Elapsed);
            IOpProposer proposer = board.Driver == "vc4" ? new Vc4Proposer() : new PanthorProposer();
            var runner = new SequenceRunner(new SequenceGenerator(proposer, BoardSemantics.FromHello(first.Hello, board.Driver)));
            // The tester opens the board itself after a failing run; its first board is the session opened above,
            // which it then owns.
            await using var tester = new ModelBasedTester(runner, async ct =>
            {
                var session = first ?? await factory.OpenAsync(board, ct).ConfigureAwait(false);
                first = null;
                return session;
            });
            var found = await tester.SearchAsync(Seed, Steps, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                string passed = $"{Steps} generated steps (seed {Seed}) matched the model";
                return new ModelBasedOutcome(new Verdict(Outcome.Pass, passed, null), passed, release, clock.Elapsed);
            }
            return new ModelBasedOutcome(VerdictOf(found), found.Describe(), release, clock.Elapsed);
        }
        catch (InfraException e)
        {
            var infra = new Verdict(Outcome.InfraError, e.Message, null);
            return new ModelBasedOutcome(infra, e.Message, release, clock.Elapsed);
        }
        finally
        {
            if (first is not null) await first.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A run fails on a differing step (ProductFail), a kernel health issue, or a board that died
    /// (InfraError); a race whose results no order explains or a kernel log issue seen in an observation leave the
    /// comparison at Pass, and are kernel failures all the same.</summary>
    private static Verdict VerdictOf(Counterexample found)
    {
        var shrunk = found.Shrunk;
        return shrunk.Verdict.Outcome == Outcome.Pass
            ? new Verdict(Outcome.ProductFail, shrunk.Reason, shrunk.Verdict.Report)
            : shrunk.Verdict with { Reason = shrunk.Reason };
    }
}
