using NUnit.Framework;
namespace HilHarness.Tests.Qemu;

/// <summary>Powers the lane's VM off once every fixture in this namespace has run.</summary>
[SetUpFixture]
public sealed class QemuLaneTeardown
{
    [OneTimeTearDown]
    public async Task PowerOffVm() => await QemuLane.StopAsync();
}
