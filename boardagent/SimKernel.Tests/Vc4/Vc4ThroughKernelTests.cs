using System.Runtime.InteropServices;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;
using NUnit.Framework;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>The vc4 driver as the agent sees it: through <see cref="SimulatedKernel"/>'s syscalls, debugfs and
/// sysfs paths.</summary>
[TestFixture]
public sealed class Vc4ThroughKernelTests
{
    private const string BoStats = "/sys/kernel/debug/dri/0/bo_stats";
    private const string RuntimeStatus = "/sys/bus/platform/devices/3fc00000.v3d/power/runtime_status";

    private static SyscallResult Ioctl<T>(IKernel kernel, int fd, IoctlDefinition ioctl, ref T args) where T : unmanaged
        => kernel.Ioctl(fd, ioctl.Request, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref args, 1)));

    [Test]
    [Description("A live mmap keeps the file's binner BO reference past close(); the last munmap releases it into the kernel BO cache, as bo_stats shows.")]
    public void MmapDelaysBinBoReleaseInBoStats()
    {
        using var kernel = SimulatedKernel.Create("rpi3-6.12");
        int fd = (int)kernel.Open("/dev/dri/renderD128", OpenFlags.ReadWrite).Value;
        var create = new drm_vc4_create_bo { size = 4096 };
        Assert.That(Ioctl(kernel, fd, Vc4Ioctls.CreateBo, ref create).Ok, Is.True);
        var map = new drm_vc4_mmap_bo { handle = create.handle };
        Assert.That(Ioctl(kernel, fd, Vc4Ioctls.MmapBo, ref map).Ok, Is.True);
        var mapping = kernel.Mmap(fd, map.offset, 4096, MapProtection.Read | MapProtection.Write);
        Assert.That(mapping.Ok, Is.True, mapping.ToString());
        Assert.That(kernel.ReadText(BoStats).Text, Does.Contain("binner:  16384kb BOs (1)"));
        kernel.Close(fd);
        Assert.That(kernel.ReadText(BoStats).Text, Does.Contain("binner:  16384kb BOs (1)"), "mapping holds the file");
        kernel.Munmap((nint)mapping.Value, 4096);
        Assert.That(kernel.ReadText(BoStats).Text, Does.Not.Contain("binner").And.Contain("kernel BO cache:  16388kb BOs (2)"));
    }

    [Test]
    [Description("runtime_status in sysfs reads active after boot and suspended once the GPU has idled 40 ms of virtual time.")]
    public void RuntimeStatusFollowsAutosuspend()
    {
        using var kernel = SimulatedKernel.Create("rpi3-6.12");
        Assert.That(kernel.ReadText(RuntimeStatus).Text, Is.EqualTo("active\n"));
        kernel.Advance(40_000_000);
        Assert.That(kernel.ReadText(RuntimeStatus).Text, Is.EqualTo("suspended\n"));
    }
}
