using HilHarness.Cli.Commands;
using HilHarness.Verdicts;
using NUnit.Framework;

namespace HilHarness.Tests.Cli;

public sealed class RunExitCodeTests
{
    private static IEnumerable<TestCaseData> Rows()
    {
        yield return new TestCaseData(Array.Empty<Outcome>(), 0).SetName("Nothing ran: 0");
        yield return new TestCaseData(new[] { Outcome.Pass, Outcome.NotApplicable }, 0).SetName("Passed and not applicable: 0");
        yield return new TestCaseData(new[] { Outcome.Pass, Outcome.ProductFail }, 1).SetName("A product failure: 1");
        yield return new TestCaseData(new[] { Outcome.KernelHealth, Outcome.Pass }, 1).SetName("A kernel health failure: 1");
        yield return new TestCaseData(new[] { Outcome.Pass, Outcome.InfraError, Outcome.NotApplicable }, 2).SetName("Only infrastructure failed: 2");
        yield return new TestCaseData(new[] { Outcome.InfraError, Outcome.ProductFail, Outcome.InfraError }, 1).SetName("Kernel failure outranks infrastructure: 1");
    }

    [TestCaseSource(nameof(Rows))]
    [Description("hil run exits 1 when the kernel failed anywhere, else 2 when infrastructure failed, else 0.")]
    public void ExitCodeFollowsTheWorstKindOfFailure(Outcome[] outcomes, int expected) =>
        Assert.That(RunExitCode.From(outcomes), Is.EqualTo(expected));
}
