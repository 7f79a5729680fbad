using NUnit.Framework;
using System.Diagnostics;
using HilHarness.Qemu;

namespace HilHarness.Tests.Qemu;

/// <summary>The VM itself: it boots a real kernel with vgem and virtio-gpu, and is reached the way a board is.</summary>
[TestFixture]
[Category(QemuLane.Category)]
public sealed class QemuVmTests
{
    private QemuVm _vm = null!;

    [OneTimeSetUp]
    public async Task Boot()
    {
        QemuLane.RequireEnabled();
        _vm = await QemuLane.VmAsync();
    }

    [Test]
    [Description("The test user reaches the guest over ssh with the pinned host key and is not root, but is in the group that owns /dev/dri.")]
    public async Task TestUserLogsInAsNonRootMemberOfVideo()
    {
        var result = await _vm.RunAsync("id -u; id -Gn", TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.That(result.Succeeded, Is.True, result.ToString);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("4242"));
        Assert.That(lines[1].Split(' '), Does.Contain("video"));
    }

    [Test]
    [Description("The guest's DRM devices are the real vgem and virtio-gpu drivers, each with a card node the test user may open read-write.")]
    public async Task DriCardsAreVgemAndVirtioGpuAndOpenableByTestUser()
    {
        // A card is named by its driver: virtio-gpu's DRM device is the PCI function (driver virtio-pci) with the
        // virtio device below it; vgem is a platform device with no driver link, named by its device folder.
        const string script = """
            for c in /sys/class/drm/card[0-9]*; do
              case "$c" in *-*) continue ;; esac
              n=$(basename "$c"); d=$(readlink "$c"/device/virtio*/driver 2>/dev/null || readlink "$c/device/driver" 2>/dev/null || readlink "$c/device")
              if [ -r "/dev/dri/$n" ] && [ -w "/dev/dri/$n" ]; then a=rw; else a=denied; fi
              echo "$n $(basename "$d") $a"
            done
            """;
        var result = await _vm.RunAsync(script, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.That(result.Succeeded, Is.True, result.ToString);
        Assert.That(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Is.EquivalentTo(new[] { "card0 vgem rw", "card1 virtio_gpu rw" }), result.ToString);
    }

    [Test]
    [Description("The guest runs the real Debian kernel build the lane fetched, with vgem and virtio_gpu as loaded modules and an untainted kernel.")]
    public async Task GuestRunsFetchedKernelWithDrmModulesLoadedAndUntainted()
    {
        var result = await _vm.RunAsync("uname -r; cat /proc/sys/kernel/tainted; cut -d' ' -f1 /proc/modules", TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.That(result.Succeeded, Is.True, result.ToString);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.EndWith("-amd64"));
        Assert.That(lines[1], Is.EqualTo("0"), "kernel taint after boot");
        Assert.That(lines.Skip(2), Is.SupersetOf(new[] { "vgem", "virtio_gpu", "drm" }));
    }

    [Test]
    [Description("A known_hosts entry with a different key for the forwarded port makes ssh refuse the guest, so the pinned key is really checked.")]
    public async Task SshRefusesGuestWhenPinnedHostKeyDiffers()
    {
        string wrongKnownHosts = Path.Combine(_vm.InstanceDirectory, "known_hosts.wrong");
        string otherKey = Path.Combine(_vm.InstanceDirectory, "other_host_key");
        File.Delete(otherKey);
        File.Delete(otherKey + ".pub");
        await RunHostAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey);
        string[] pub = (await File.ReadAllTextAsync(otherKey + ".pub")).Split(' ');
        await File.WriteAllTextAsync(wrongKnownHosts, $"[127.0.0.1]:{_vm.SshPort} {pub[0]} {pub[1]}\n");

        // No control connection: a live master would carry the command without a fresh host-key check.
        var (exit, stderr) = await RunHostAsync("ssh", "-p", _vm.SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-i", _vm.ClientKeyFile, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "ControlMaster=no", "-o", "ControlPath=none",
            "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={wrongKnownHosts}", "-l", _vm.User, "127.0.0.1", "true");

        Assert.That(exit, Is.EqualTo(255));
        Assert.That(stderr, Does.Contain("REMOTE HOST IDENTIFICATION HAS CHANGED"));
    }

    private static async Task<(int Exit, string Stderr)> RunHostAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (process.ExitCode, await stderr);
    }
}
