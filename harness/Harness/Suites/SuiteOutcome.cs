using HilHarness.Health;
using HilHarness.Verdicts;

namespace HilHarness.Suites;

/// <summary>How one case ended on one board: the comparison verdict, folded with the kernel's health over the case.</summary>
public sealed record SuiteOutcome(string Board, SuiteCase Case, Verdict Verdict, KernelHealthVerdict? Health, TimeSpan Duration)
{
    public Outcome Outcome => Verdict.Outcome;

    /// <summary>The full text a person needs: the verdict, the per-step table, and the kernel log excerpt.</summary>
    public string Details =>
        Verdict + (Health is { Healthy: false } h ? $"\nkernel log:\n{h.Excerpt}" : "");
}
