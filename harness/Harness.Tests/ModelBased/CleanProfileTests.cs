using HilHarness.ModelBased;
using NUnit.Framework;

namespace HilHarness.Tests.ModelBased;

/// <summary>On simulated kernels without injected regressions the model and the board agree on every random step.</summary>
public sealed class CleanProfileTests
{
    private string _home = "";

    [SetUp]
    public void CreateHome() => _home = Directory.CreateTempSubdirectory("hil-mbt-").FullName;

    [TearDown]
    public void RemoveHome() => Directory.Delete(_home, recursive: true);

    [TestCase("rpi3-6.12")]
    [TestCase("rpi3-5.2")]
    [TestCase("rpi3-7.1")]
    [TestCase("rk3588-6.18")]
    [TestCase("rk3588-6.10-rc")]
    [Description("A clean simulated profile runs 2,000 generated steps with no counterexample: the model and the simulated kernel agree.")]
    public async Task CleanProfileHasNoCounterexample(string profile)
    {
        await using var tester = await new SimulatedBoards(_home).TesterAsync(profile);
        var found = await tester.SearchAsync(seed: 1, maxSteps: 2000, CancellationToken.None);
        if (found is not null) await TestContext.Out.WriteLineAsync(found.Describe());
        Assert.That(found, Is.Null, () => found!.Describe());
    }
}
