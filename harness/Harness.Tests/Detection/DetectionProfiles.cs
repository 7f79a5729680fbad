using HilHarness.Inventory;
using HilHarness.Sessions;
using HilHarness.Suites;
using HilHarness.Verdicts;

namespace HilHarness.Tests.Detection;

/// <summary>
/// Runs a driver's whole catalog once per simulated profile, on one agent process per profile (a fresh session only
/// when a crash broke it), and keeps the outcomes so every test of a profile reads the same run.
/// </summary>
internal static class DetectionProfiles
{
    public const string Vc4Base = "rpi3-6.12", PanthorBase = "rk3588-6.18";

    /// <summary>The vc4 kernel with the 2026 fixes (E5, E7, E9): E5 shows only where the model predicts runtime PM.</summary>
    public const string Vc4FixedBase = "rpi3-7.1";

    public static readonly string[] Vc4Regressions = ["E1", "E2", "E3", "E4", "E6", "E7", "E8"];

    /// <summary>Regressions injected into <see cref="Vc4FixedBase"/> instead of <see cref="Vc4Base"/>.</summary>
    public static readonly string[] Vc4FixedKernelRegressions = ["E5"];

    public static readonly string[] PanthorRegressions = ["E10", "E11", "E11-inverted", "E12", "E13", "E14", "E15", "E16", "E17b", "E17c"];

    private static readonly BoardSessionFactory Factory = new(new SessionFactoryOptions { Purpose = "hil detection", Log = _ => { } });

    private static readonly Dictionary<string, Task<IReadOnlyList<SuiteOutcome>>> Runs = [];
    private static readonly Lock Gate = new();

    public static Task<IReadOnlyList<SuiteOutcome>> RunAsync(string driver, string profile)
    {
        lock (Gate)
        {
            if (!Runs.TryGetValue(profile, out var run))
                Runs[profile] = run = RunCatalogAsync(driver, profile);
            return run;
        }
    }

    private static async Task<IReadOnlyList<SuiteOutcome>> RunCatalogAsync(string driver, string profile)
    {
        var board = new BoardRecord
        {
            Name = "detect-" + profile.Replace('+', '-'), Driver = driver, Kind = BoardKinds.Local, Kernel = "sim:" + profile, Origin = "detection",
        };
        var outcomes = new List<SuiteOutcome>();
        // One session per suite, in the order the NUnit fixtures run them (by name): the same board history as the
        // suites see. (One session for the whole vc4 catalog makes the clean profile fail JobInFlightHoldsBinBoPastClose;
        // reported to the SimKernel owner.)
        foreach (var suite in SuiteCatalog.ForDriver(driver).Where(c => c.KnownGap is null).GroupBy(c => c.Suite))
        {
            await using var session = new SuiteSession(board, Factory);
            foreach (var suiteCase in suite.OrderBy(c => c.Name, StringComparer.Ordinal))
                outcomes.Add(await SuiteRunner.RunAsync(await session.GetAsync(CancellationToken.None), suiteCase, CancellationToken.None));
        }
        return outcomes;
    }

    public static bool Caught(SuiteOutcome o) => o.Outcome is Outcome.ProductFail or Outcome.KernelHealth;

    /// <summary>Whether <paramref name="suiteCase"/> is written for <paramref name="regression"/> (E11-inverted is E11's
    /// buggy v1, so E11's cases are written for it too).</summary>
    public static bool WrittenFor(SuiteCase suiteCase, string regression) =>
        suiteCase.Catches.Contains(regression.Split('-')[0]);
}
