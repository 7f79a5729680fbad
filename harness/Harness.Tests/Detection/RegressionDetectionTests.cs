using HilHarness.Verdicts;
using NUnit.Framework;

namespace HilHarness.Tests.Detection;

/// <summary>
/// Design rule 4: a deliberately broken simulated kernel must make the suites fail. Every injected regression of
/// kernel-facts E is run against the vc4 or panthor catalog and must be caught (ProductFail or KernelHealth) by the
/// case written for it, with a readable per-step diff; the clean profiles must pass every case.
/// </summary>
[Category("detection")]
public sealed class RegressionDetectionTests
{
    public static IEnumerable<TestCaseData> Regressions() =>
        DetectionProfiles.Vc4Regressions.Select(e => new TestCaseData("vc4", DetectionProfiles.Vc4Base, e).SetArgDisplayNames(e))
            .Concat(DetectionProfiles.Vc4FixedKernelRegressions.Select(e => new TestCaseData("vc4", DetectionProfiles.Vc4FixedBase, e).SetArgDisplayNames(e)))
            .Concat(DetectionProfiles.PanthorRegressions.Select(e => new TestCaseData("panthor", DetectionProfiles.PanthorBase, e).SetArgDisplayNames(e)));

    [TestCaseSource(nameof(Regressions))]
    [Description("The suites catch this injected regression: the case written for it ends ProductFail or KernelHealth with a per-step table naming the board.")]
    public async Task RegressionIsCaught(string driver, string baseProfile, string regression)
    {
        var outcomes = await DetectionProfiles.RunAsync(driver, $"{baseProfile}+{regression}");
        var caught = outcomes.Where(DetectionProfiles.Caught).ToList();
        var intended = caught.Where(o => DetectionProfiles.WrittenFor(o.Case, regression)).ToList();
        TestContext.Out.WriteLine($"{regression} caught by: {string.Join(", ", caught.Select(o => $"{o.Case.Name} ({o.Outcome})"))}");
        Assert.That(intended.Select(o => o.Case.Name), Is.Not.Empty,
            $"no case written for {regression} caught it; outcomes: {string.Join("; ", outcomes.Select(o => $"{o.Case.Name}={o.Outcome}"))}");
        var first = intended[0];
        Assert.That(first.Verdict.Report, Is.Not.Null, "a caught regression carries the per-step comparison");
        Assert.That(first.Details, Does.Contain($"board detect-{baseProfile}-{regression}").And.Contain("step"), first.Details);
    }

    public static IEnumerable<TestCaseData> CleanProfiles() =>
    [
        new TestCaseData("vc4", DetectionProfiles.Vc4Base).SetArgDisplayNames(DetectionProfiles.Vc4Base),
        new TestCaseData("vc4", DetectionProfiles.Vc4FixedBase).SetArgDisplayNames(DetectionProfiles.Vc4FixedBase),
        new TestCaseData("panthor", DetectionProfiles.PanthorBase).SetArgDisplayNames(DetectionProfiles.PanthorBase),
    ];

    [TestCaseSource(nameof(CleanProfiles))]
    [Description("On a clean simulated kernel every case of the driver's catalog passes, so a caught regression is the regression's doing.")]
    public async Task CleanProfilePassesEveryCase(string driver, string profile)
    {
        var outcomes = await DetectionProfiles.RunAsync(driver, profile);
        var bad = outcomes.Where(o => o.Outcome != Outcome.Pass).Select(o => $"{o.Case.Name}: {o.Details}").ToList();
        Assert.That(bad, Is.Empty, string.Join("\n\n", bad));
        Assert.That(outcomes, Is.Not.Empty);
    }
}
