using HilHarness.Qemu;
using NUnit.Framework;

namespace HilHarness.Tests.Qemu;

/// <summary>What a powered-off guest leaves on the host: a VM of its own, since the lane's shared VM lives until the
/// end of the run.</summary>
[TestFixture]
[Category(QemuLane.Category)]
public sealed class QemuInstanceCleanupTests
{
    [Test]
    [Description("Powering off a guest that booted removes its instance folder, so no client or host private key of a finished run stays in /tmp.")]
    public async Task PowerOffAfterBootRemovesInstanceFolderWithItsKeys()
    {
        QemuLane.RequireEnabled();
        string instance = Path.Combine(Path.GetTempPath(), $"hil-qemu-cleanup-{Environment.ProcessId}");
        var vm = await QemuVm.StartAsync(new QemuBoardOptions(), instance, CancellationToken.None);
        Assert.That(File.Exists(vm.ClientKeyFile), Is.True, "the booted guest's client key is in its instance folder");

        await vm.DisposeAsync();

        Assert.That(Directory.Exists(instance), Is.False, $"{instance} is left behind after power-off");
    }
}
