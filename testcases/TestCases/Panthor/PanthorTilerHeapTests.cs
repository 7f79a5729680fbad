using HilHarness.Suites;
using HilHarness.TestCases.Rack;
using NUnit.Framework;

namespace HilHarness.TestCases.Panthor;

/// <summary>The panthor tiler heap suite (kernel-facts C, D) on every panthor board of the rack.</summary>
[TestFixtureSource(typeof(BoardFixtures), nameof(BoardFixtures.All))]
[Category("panthor")]
public sealed class PanthorTilerHeapTests(string board) : BoardFixture(board, "panthor")
{
    public static IEnumerable<TestCaseData> Cases() =>
        CasesOf(SuiteCatalog.PanthorHeap);

    [TestCaseSource(nameof(Cases))]
    public Task TilerHeap(SuiteCase suiteCase) => RunAsync(suiteCase);
}
