using HilHarness.Suites;
using HilHarness.TestCases.Rack;
using NUnit.Framework;

namespace HilHarness.TestCases.Vc4;

/// <summary>The vc4 uAPI suite: every errno row of kernel-facts A.9–A.11 on every vc4 board of the rack.</summary>
[TestFixtureSource(typeof(BoardFixtures), nameof(BoardFixtures.All))]
[Category("vc4")]
public sealed class Vc4UapiTests(string board) : BoardFixture(board, "vc4")
{
    public static IEnumerable<TestCaseData> Cases() => CasesOf(Vc4UapiCases.All);

    [TestCaseSource(nameof(Cases))]
    public Task Uapi(SuiteCase suiteCase) => RunAsync(suiteCase);
}
