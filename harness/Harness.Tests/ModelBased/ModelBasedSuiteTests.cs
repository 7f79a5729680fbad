using HilHarness.Suites;
using NUnit.Framework;

namespace HilHarness.Tests.ModelBased;

public sealed class ModelBasedSuiteTests
{
    [Test]
    [Description("The model-based suite is NotApplicable on a real kernel (its generators need sim.* steps), naming the board's kernel, and applies to a simulated one.")]
    public void SuiteAppliesOnlyToSimulatedBoards()
    {
        var simulated = ModelAnsweringBoard.HelloOf("vc4", "6.12.33");
        var hardware = simulated with { Simulated = false, Kernel = "linux" };
        Assert.That(ModelBasedSuite.NotApplicableOn(simulated), Is.Null);
        Assert.That(ModelBasedSuite.NotApplicableOn(hardware), Does.Contain("sim.*").And.Contain("linux 6.12.33"));
    }
}
