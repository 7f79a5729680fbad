using NUnit.Framework;

namespace HilHarness.TestCases.Rack;

/// <summary>The fixture arguments: one board name per selected board (<see cref="RackSelection"/>).</summary>
public static class BoardFixtures
{
    public static IEnumerable<TestFixtureData> All() =>
        RackSelection.Boards().Select(b => new TestFixtureData(b.Name).SetArgDisplayNames(b.Name));
}
