using HilHarness.Suites;
using HilHarness.Verdicts;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace HilHarness.TestCases.Bridge;

/// <summary>
/// The one place where a harness outcome becomes an NUnit result (design.md "Outcomes"): Pass → Passed,
/// ProductFail → Failed with the per-step table, KernelHealth → Failed with the table and the kernel log excerpt,
/// InfraError → Inconclusive (never Failed), NotApplicable → Ignored with the reason.
/// </summary>
public static class OutcomeBridge
{
    public static NUnitVerdict Decide(SuiteOutcome outcome) => outcome.Outcome switch
    {
        Outcome.Pass => new(ResultState.Success, outcome.Verdict.Reason),
        Outcome.NotApplicable => new(ResultState.Ignored, $"not applicable on {outcome.Board}: {outcome.Verdict.Reason}"),
        Outcome.InfraError => new(ResultState.Inconclusive, $"infrastructure, not the kernel: {outcome.Details}"),
        Outcome.ProductFail or Outcome.KernelHealth => new(ResultState.Failure, outcome.Details),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.Outcome, "an outcome the bridge does not know"),
    };

    /// <summary>Ends the running test as <see cref="Decide"/> says.</summary>
    public static void Apply(SuiteOutcome outcome)
    {
        var verdict = Decide(outcome);
        if (verdict.State == ResultState.Success)
        {
            TestContext.Out.WriteLine(verdict.Message);
            return;
        }
        if (verdict.State == ResultState.Ignored) Assert.Ignore(verdict.Message);
        if (verdict.State == ResultState.Inconclusive) Assert.Inconclusive(verdict.Message);
        Assert.Fail(verdict.Message);
    }

    /// <summary>A fixture whose board could not be opened: every test is Inconclusive with the reason.</summary>
    public static void Unreachable(string board, string reason) =>
        Assert.Inconclusive($"infrastructure, not the kernel: {board}: {reason}");
}
