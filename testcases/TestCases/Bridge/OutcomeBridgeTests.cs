using HilHarness.Comparison;
using HilHarness.Health;
using HilHarness.Suites;
using HilHarness.Verdicts;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace HilHarness.TestCases.Bridge;

/// <summary>The harness outcome → NUnit result mapping every suite test ends through (design.md "Outcomes").</summary>
public sealed class OutcomeBridgeTests
{
    private static readonly SuiteCase Case = new("vc4-binner", "vc4", "BridgeProbe", "A case the bridge tests hand to Decide.", _ => { });

    private static readonly ComparisonReport Report = new("bridge-board", [], "the agent stopped after step 2");

    private static SuiteOutcome Outcome(Outcome outcome, string reason, KernelHealthVerdict? health = null) =>
        new("bridge-board", Case, new Verdict(outcome, reason, outcome is Verdicts.Outcome.Pass or Verdicts.Outcome.NotApplicable ? null : Report), health, TimeSpan.Zero);

    [Test]
    [Description("Pass becomes NUnit Success.")]
    public void PassIsSuccess() =>
        Assert.That(OutcomeBridge.Decide(Outcome(Verdicts.Outcome.Pass, "every step matches")).State, Is.EqualTo(ResultState.Success));

    [Test]
    [Description("ProductFail becomes Failure whose message carries the per-step table.")]
    public void ProductFailIsFailureWithTheDiff()
    {
        var verdict = OutcomeBridge.Decide(Outcome(Verdicts.Outcome.ProductFail, "step 2 (vc4.create_bo): errno differs"));
        Assert.That(verdict.State, Is.EqualTo(ResultState.Failure));
        Assert.That(verdict.Message, Does.Contain("step 2 (vc4.create_bo): errno differs").And.Contain("board bridge-board:").And.Contain("batch ended early"));
    }

    [Test]
    [Description("KernelHealth becomes Failure whose message carries the table and the kernel log excerpt.")]
    public void KernelHealthIsFailureWithTableAndKernelLog()
    {
        var health = new KernelHealthVerdict([], TaintBefore: 0, TaintAfter: 1 << 9);
        var verdict = OutcomeBridge.Decide(Outcome(Verdicts.Outcome.KernelHealth, "kernel health: new taint", health));
        Assert.That(verdict.State, Is.EqualTo(ResultState.Failure));
        Assert.That(verdict.Message, Does.Contain("board bridge-board:").And.Contain("kernel log:").And.Contain("taint: 0 -> 512"));
    }

    [Test]
    [Description("InfraError becomes Inconclusive, never Failure: infrastructure is not the kernel's fault.")]
    public void InfraErrorIsInconclusiveNeverFailure()
    {
        var verdict = OutcomeBridge.Decide(Outcome(Verdicts.Outcome.InfraError, "bridge-board: ssh: connection refused"));
        Assert.That(verdict.State, Is.EqualTo(ResultState.Inconclusive));
        Assert.That(verdict.State.Status, Is.Not.EqualTo(TestStatus.Failed));
        Assert.That(verdict.Message, Does.StartWith("infrastructure, not the kernel:").And.Contain("connection refused"));
    }

    [Test]
    [Description("NotApplicable becomes Ignored with the board and the reason.")]
    public void NotApplicableIsIgnoredWithReason()
    {
        var verdict = OutcomeBridge.Decide(Outcome(Verdicts.Outcome.NotApplicable, "the board has no vc4 driver"));
        Assert.That(verdict.State, Is.EqualTo(ResultState.Ignored));
        Assert.That(verdict.Message, Is.EqualTo("not applicable on bridge-board: the board has no vc4 driver"));
    }
}
