using NUnit.Framework;
using HilHarness.Qemu;

namespace HilHarness.Tests.Qemu;

/// <summary>
/// The booted VM shared by the qemu-category fixtures (one boot per test run: a TCG boot costs seconds). The lane
/// runs only when HIL_QEMU_LANE=1, because it needs root for apt-get and a few hundred MB of kernel cache; CI sets
/// it in the lane's step, and everywhere else these fixtures report Ignored with that reason.
/// </summary>
internal static class QemuLane
{
    public const string Category = "qemu";
    public const string EnableVariable = "HIL_QEMU_LANE";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static QemuVm? _vm;

    public static void RequireEnabled()
    {
        if (Environment.GetEnvironmentVariable(EnableVariable) != "1")
            Assert.Ignore($"the QEMU lane runs only with {EnableVariable}=1 (it boots a real kernel under QEMU; see tools/qemu/)");
    }

    /// <summary>The lane's VM, booted on first use with the default (CI) options.</summary>
    public static async Task<QemuVm> VmAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_vm is null)
            {
                string instance = Path.Combine(Path.GetTempPath(), $"hil-qemu-{Environment.ProcessId}");
                _vm = await QemuVm.StartAsync(new QemuBoardOptions(), instance, CancellationToken.None).ConfigureAwait(false);
                await TestContext.Progress.WriteLineAsync($"qemu lane: booted to ssh-ready in {_vm.BootToSshReady.TotalSeconds:0.0} s ({instance})").ConfigureAwait(false);
            }
            return _vm;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Powers the VM off; called once after all fixtures of the run.</summary>
    public static async Task StopAsync()
    {
        if (_vm is not null)
            await _vm.DisposeAsync().ConfigureAwait(false);
        _vm = null;
    }
}
