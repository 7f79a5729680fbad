using HilHarness.Inventory;
using HilHarness.Sessions;
using HilHarness.Suites;
using HilHarness.Verdicts;
using NUnit.Framework;

namespace HilHarness.Tests.Detection;

/// <summary>A case whose model does not cover a board's kernel says so as NotApplicable, with the reason, instead of
/// failing to build its scenario.</summary>
public sealed class NotApplicableCaseTests
{
    [Test]
    [Description("On a simulated 5.2 kernel the CMA-exhaustion case (whose ENOMEM the model predicts only from 5.3) is NotApplicable, naming 5.3, where it used to need a hand-written errno.")]
    public async Task CmaCaseIsNotApplicableBefore53()
    {
        var suiteCase = SuiteCatalog.ForDriver("vc4").Single(c => c.Name == "CmaExhaustedCreateBoFailsWithoutReference");
        var board = new BoardRecord { Name = "na-rpi3-5.2", Driver = "vc4", Kind = BoardKinds.Local, Kernel = "sim:rpi3-5.2", Origin = "test" };
        await using var session = new SuiteSession(board, new BoardSessionFactory(new SessionFactoryOptions { Purpose = "hil test", Log = _ => { } }));
        var outcome = await SuiteRunner.RunAsync(await session.GetAsync(CancellationToken.None), suiteCase, CancellationToken.None);
        Assert.That(outcome.Outcome, Is.EqualTo(Outcome.NotApplicable), outcome.Verdict.Reason);
        Assert.That(outcome.Verdict.Reason, Does.Contain("before 5.3"));
    }
}
