using HilHarness.ModelBased;
using NUnit.Framework;

namespace HilHarness.Tests.ModelBased;

/// <summary>
/// The proof that model-based testing can fail (issue 4 item 7): with one injected regression of the simulated
/// kernel switched on, a seeded search finds a counterexample within 2,000 generated steps and shrinks it to at most
/// 8 steps; the shrunk trace is written to the test output. E2 is reached through the generator's CMA exhaustion
/// (sim.inject cma-fill) and E6 through the cleanup tail's next client, which renders with a perfmon after every
/// client of the sequence has gone. E17b is reached through a group submit that keeps the group resident while two
/// tiler OOMs grow one of its heaps at once.
/// </summary>
public sealed class RegressionDetectionTests
{
    private const int StepBudget = 2000;
    private const int ShrunkBound = 8;

    private string _home = "";

    [SetUp]
    public void CreateHome() => _home = Directory.CreateTempSubdirectory("hil-mbt-").FullName;

    [TearDown]
    public void RemoveHome() => Directory.Delete(_home, recursive: true);

    [TestCase("rpi3-6.12+E1")]
    [TestCase("rpi3-6.12+E2")]
    [TestCase("rpi3-6.12+E3")]
    [TestCase("rpi3-6.12+E4")]
    [TestCase("rpi3-6.12+E6")]
    [TestCase("rpi3-6.12+E7")]
    [TestCase("rpi3-6.12+E8")]
    [TestCase("rpi3-7.1+E5")]
    [TestCase("rk3588-6.18+E10")]
    [TestCase("rk3588-6.18+E11")]
    [TestCase("rk3588-6.18+E11-inverted")]
    [TestCase("rk3588-6.18+E12")]
    [TestCase("rk3588-6.18+E13")]
    [TestCase("rk3588-6.18+E14")]
    [TestCase("rk3588-6.18+E15")]
    [TestCase("rk3588-6.18+E16")]
    [TestCase("rk3588-6.18+E17b")]
    [TestCase("rk3588-6.18+E17c")]
    [Description("With one injected regression, model-based testing finds a counterexample within 2,000 steps and shrinks it to at most 8 steps.")]
    public async Task RegressionIsFoundAndShrunk(string spec)
    {
        await using var tester = await new SimulatedBoards(_home).TesterAsync(spec);
        var found = await tester.SearchAsync(seed: 1, maxSteps: StepBudget, CancellationToken.None);
        Assert.That(found, Is.Not.Null, $"{spec}: {StepBudget} generated steps matched the model");
        await TestContext.Out.WriteLineAsync($"{spec}: {found!.Describe()}");
        Assert.That(found.StepsToFind, Is.LessThanOrEqualTo(StepBudget));
        Assert.That(found.Shrunk.Sequence.Steps, Has.Count.LessThanOrEqualTo(ShrunkBound), found.Describe);
        // A simulated race's interleaving depends on the board's history, so replay on a fresh board as a saved
        // counterexample would be.
        await using var fresh = await new SimulatedBoards(_home).TesterAsync(spec);
        var replay = await fresh.RunAsync(found.Shrunk.Sequence, CancellationToken.None);
        Assert.That(replay.Failed, Is.True, () => $"the shrunk sequence fails again when replayed on a fresh board; the replay: {replay.Describe()}");
    }
}
