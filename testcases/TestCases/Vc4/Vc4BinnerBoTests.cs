using HilHarness.Suites;
using HilHarness.TestCases.Rack;
using NUnit.Framework;

namespace HilHarness.TestCases.Vc4;

/// <summary>The vc4 binner BO suite (kernel-facts A.3–A.8) on every vc4 board of the rack.</summary>
[TestFixtureSource(typeof(BoardFixtures), nameof(BoardFixtures.All))]
[Category("vc4")]
public sealed class Vc4BinnerBoTests(string board) : BoardFixture(board, "vc4")
{
    public static IEnumerable<TestCaseData> Cases() =>
        CasesOf(SuiteCatalog.Vc4Binner);

    [TestCaseSource(nameof(Cases))]
    public Task BinnerBo(SuiteCase suiteCase) => RunAsync(suiteCase);
}
