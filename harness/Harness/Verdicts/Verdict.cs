using HilHarness.Comparison;

namespace HilHarness.Verdicts;

/// <summary>A test's outcome, why, and the step-by-step comparison behind it.</summary>
public sealed record Verdict(Outcome Outcome, string Reason, ComparisonReport? Report)
{
    /// <summary>The exit code <c>git bisect run</c> expects (design.md: 0 good, 1 bad, 125 skip).</summary>
    public int BisectExitCode => Outcome switch
    {
        Outcome.Pass => 0,
        Outcome.ProductFail or Outcome.KernelHealth => 1,
        _ => 125,
    };

    public static Verdict NotApplicable(string reason) => new(Outcome.NotApplicable, reason, null);

    /// <summary>The verdict and, when there is one, the comparison table: the NUnit failure message.</summary>
    public override string ToString() => Report is null ? $"{Outcome}: {Reason}" : $"{Outcome}: {Reason}\n{Report.ToTable()}";
}
