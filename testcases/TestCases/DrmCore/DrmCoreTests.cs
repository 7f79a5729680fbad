using HilHarness.Model.Drm;
using HilHarness.Suites;
using HilHarness.TestCases.Rack;
using NUnit.Framework;

namespace HilHarness.TestCases.DrmCore;

/// <summary>
/// The DRM-core suite on every board of the rack whose driver the DRM-core model knows (vgem, virtio-gpu: the qemu
/// boards of racks/qemu.json). A qemu board runs the cases of both drivers its guest loads; a board whose hello
/// lacks one driver reports that driver's cases NotApplicable. vc4 and panthor boards report the whole fixture
/// NotApplicable: their dumb buffers are CMA/shmem BOs with driver-specific sizing and their DRM core is covered by
/// their own suites, so this model does not claim them.
/// </summary>
[TestFixtureSource(typeof(BoardFixtures), nameof(BoardFixtures.All))]
[Category(DrmCoreCases.Suite)]
public sealed class DrmCoreTests(string board) : BoardFixture(board, DriverUnderTest(board))
{
    public static IEnumerable<TestCaseData> Cases() => CasesOf(DrmCoreCases.All);

    [TestCaseSource(nameof(Cases))]
    public Task DrmCoreCase(SuiteCase suiteCase) => RunAsync(suiteCase);

    /// <summary>The board's own driver when the model knows it; otherwise the first DRM-core driver, so the fixture
    /// says "this suite tests vgem, the board runs vc4".</summary>
    private static string DriverUnderTest(string board)
    {
        string driver = RackSelection.Board(board).Driver;
        return DrmCoreDriver.Find(driver) is not null ? driver : DrmCoreDriver.Names[0];
    }
}
