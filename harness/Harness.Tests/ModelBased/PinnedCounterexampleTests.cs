using System.Runtime.CompilerServices;
using HilHarness.ModelBased;
using NUnit.Framework;

namespace HilHarness.Tests.ModelBased;

/// <summary>
/// Shrunk counterexamples that clean simulated profiles once produced, saved as JSON in <c>Pinned/</c> and named
/// <c>&lt;profile&gt;-seed&lt;n&gt;.json</c>: each replays on its profile and must now pass, so the model or simulator
/// fix behind it stays fixed even after the proposers change and the seed no longer generates it.
/// </summary>
/// <remarks>
/// The vc4 kernel BO cache ones (rpi3-6.12 seeds 11, 60, 71, 82, 95; rpi3-5.2 seed 76) disagreed because the model
/// reused the oldest cached BO of a page count while vc4_bo_get_from_cache takes the most recently freed one.
/// </remarks>
public sealed class PinnedCounterexampleTests
{
    private string _home = "";

    [SetUp]
    public void CreateHome() => _home = Directory.CreateTempSubdirectory("hil-mbt-pinned-").FullName;

    [TearDown]
    public void RemoveHome() => Directory.Delete(_home, recursive: true);

    public static IEnumerable<TestCaseData> Saved() =>
        Directory.EnumerateFiles(PinnedDirectory(), "*.json").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileNameWithoutExtension(path)));

    [TestCaseSource(nameof(Saved))]
    [Description("A counterexample a clean profile once produced replays on that profile with every step matching the model.")]
    public async Task SavedCounterexampleNowPasses(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        int cut = name.LastIndexOf("-seed", StringComparison.Ordinal);
        Assert.That(cut, Is.GreaterThan(0), $"{path}: the name must be <profile>-seed<n>.json");
        var sequence = MbtSequence.Load(path);
        await using var tester = await new SimulatedBoards(_home).TesterAsync(name[..cut]);
        var result = await tester.RunAsync(sequence, CancellationToken.None);
        Assert.That(result.Failed, Is.False, result.Describe);
        Assert.That(result.StepsRun, Is.GreaterThan(sequence.Steps.Count), $"{path}: the board ran only {result.StepsRun} steps, fewer than the sequence and its prologue and cleanup");
    }

    private static string PinnedDirectory([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Pinned");
}
