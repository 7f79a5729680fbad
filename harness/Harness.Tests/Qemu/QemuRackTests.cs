using HilHarness.Inventory;
using HilHarness.Qemu;
using HilHarness.Transport;
using NUnit.Framework;

namespace HilHarness.Tests.Qemu;

/// <summary>The <c>qemu</c> board kind in a rack file: defaults, a custom kernel for bisection, and its transport.
/// These never boot a VM.</summary>
public sealed class QemuRackTests
{
    [Test]
    [Description("racks/qemu.json loads one qemu board with a real kernel, vgem and virtio_gpu, and the transport for it is a QemuTransport.")]
    public async Task ExampleRackHasOneQemuBoardWithQemuTransport()
    {
        var rack = RackLoader.Load(Path.Combine(QemuTools.LocateDirectory(), "..", "..", "racks", "qemu.json"));

        var board = rack.Boards.Single();
        Assert.That((board.Kind, board.Kernel, board.Driver), Is.EqualTo((BoardKinds.Qemu, "linux", "vgem")));
        Assert.That(board.Qemu?.Modules, Is.EqualTo(new[] { "vgem", "virtio_gpu" }));
        await using var transport = BoardTransports.For(board);
        Assert.That(transport, Is.InstanceOf<QemuTransport>());
    }

    [Test]
    [Description("A custom kernel image and modules root resolve against the rack file's folder, with memory, CPUs, accelerator and boot timeout read.")]
    public void CustomKernelForBisectionResolvesPaths()
    {
        const string json = """
            { "boards": [ { "name": "bisect", "driver": "vgem", "kind": "qemu", "kernel": "linux",
              "qemu": { "kernelImage": "build/vmlinux", "modulesRoot": "build/mods", "kernelRelease": "6.13.0-rc1+",
                        "modules": ["vgem"], "memory": 1024, "cpus": 1, "accel": "tcg", "bootTimeout": 60 } } ] }
            """;
        var options = RackLoader.Parse(json, "rack.json", "/racks").Boards.Single().Qemu!;

        Assert.That(options.KernelImage, Is.EqualTo("/racks/build/vmlinux"));
        Assert.That(options.ModulesRoot, Is.EqualTo("/racks/build/mods"));
        Assert.That((options.KernelRelease, options.MemoryMiB, options.Cpus, options.Accelerator, options.BootTimeout),
            Is.EqualTo(("6.13.0-rc1+", 1024, 1, QemuAccelerator.Tcg, TimeSpan.FromSeconds(60))));
    }

    [Test]
    [Description("A qemu board without a qemu object gets the CI lane's defaults and reads as a qemu board in messages.")]
    public void BoardWithoutQemuObjectGetsLaneDefaults()
    {
        var board = RackLoader.Parse("""{ "boards": [ { "name": "vm", "driver": "vgem", "kind": "qemu", "kernel": "linux" } ] }""", "r.json", "/").Boards.Single();

        var defaults = new QemuBoardOptions();
        Assert.That(board.Qemu!.Modules, Is.EqualTo(defaults.Modules));
        Assert.That(board.Qemu with { Modules = defaults.Modules }, Is.EqualTo(defaults));
        Assert.That(board.ToString(), Is.EqualTo("vm (qemu, linux)"));
    }
}
