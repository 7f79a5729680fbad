using HilHarness.Inventory;
using HilHarness.Sessions;
using HilHarness.Suites;
using HilHarness.TestCases.Bridge;
using HilHarness.Transport;
using NUnit.Framework;

namespace HilHarness.TestCases.Rack;

/// <summary>
/// A suite's fixture on one board: one session for the whole fixture, opened in OneTimeSetUp through
/// <see cref="BoardSessionFactory"/> (and reopened for the next test if a kernel crash broke it). A board whose
/// boards.json driver is not this suite's is NotApplicable; a board that cannot be reached makes every test
/// Inconclusive.
/// </summary>
public abstract class BoardFixture(string boardName, string driver)
{
    private static readonly BoardSessionFactory Factory = new(new SessionFactoryOptions { Purpose = "hil suites", Log = m => TestContext.Progress.WriteLine(m) });

    private SuiteSession? _session;
    private string? _unreachable;

    protected BoardRecord Board { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task OpenSessionAsync()
    {
        Board = RackSelection.Board(boardName);
        if (Board.Driver != driver)
            Assert.Ignore($"not applicable on {Board.Name}: this suite tests {driver}, the board runs {Board.Driver}");
        _session = new SuiteSession(Board, Factory);
        try
        {
            await _session.GetAsync(CancellationToken.None);
        }
        catch (InfraException e)
        {
            _unreachable = e.Message;
        }
    }

    [OneTimeTearDown]
    public async Task CloseSessionAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
    }

    /// <summary>Runs one case on this fixture's board and ends the test as its outcome says.</summary>
    protected async Task RunAsync(SuiteCase suiteCase)
    {
        if (_unreachable is not null) OutcomeBridge.Unreachable(Board.Name, _unreachable);
        SuiteOutcome outcome;
        try
        {
            var session = await _session!.GetAsync(CancellationToken.None);
            outcome = await SuiteRunner.RunAsync(session, suiteCase, CancellationToken.None);
        }
        catch (InfraException e)
        {
            OutcomeBridge.Unreachable(Board.Name, e.Message);
            return;
        }
        OutcomeBridge.Apply(outcome);
    }

    /// <summary>The cases as NUnit test cases: named, described, with the IGT subtest and extra categories.</summary>
    public static IEnumerable<TestCaseData> CasesOf(IEnumerable<SuiteCase> cases)
    {
        foreach (var c in cases)
        {
            var data = new TestCaseData(c).SetName(c.Name).SetDescription(c.Description).SetProperty("suite", c.Suite);
            if (c.Igt is not null) data.SetProperty("igt", c.Igt);
            foreach (var e in c.Catches) data.SetProperty("catches", e);
            foreach (var category in c.Categories) data.SetCategory(category);
            if (c.KnownGap is not null) data.Explicit(c.KnownGap);
            yield return data;
        }
    }
}
