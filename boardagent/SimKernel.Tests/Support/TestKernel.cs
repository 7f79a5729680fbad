using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Tests.Support;

/// <summary>A <see cref="SimulatedKernel"/> on <see cref="TestDriver"/>, with typed ioctl helpers.</summary>
public sealed class TestKernel : IDisposable
{
    public TestKernel(string kernelRelease = "6.12.33", bool isRoot = true, bool modeset = true, bool renderNode = true,
        bool timeline = false, Action<string>? onOops = null)
    {
        var profile = new SimProfile
        {
            Name = "test-" + kernelRelease,
            Driver = "vc4",
            KernelRelease = kernelRelease,
            DriverMajor = 0,
            DriverMinor = 0,
            DriverPatch = 0,
            DriverDate = "20140616",
            DriverDescription = "Broadcom VC4 graphics",
        };
        var options = new SimOptions { IsRoot = isRoot, OnOops = onOops ?? (_ => { }) };
        Kernel = new SimulatedKernel(profile, options, machine => Driver = new TestDriver(machine, modeset, renderNode, timeline));
    }

    public SimulatedKernel Kernel { get; }

    public TestDriver Driver { get; private set; } = null!;

    public SimMachine Machine => Kernel.Machine;

    /// <summary>Opens card0 (or renderD128) and returns the fd; fails the test if the open fails.</summary>
    public int OpenNode(bool render = false)
    {
        var result = Kernel.Open(render ? "/dev/dri/renderD128" : "/dev/dri/card0", OpenFlags.ReadWrite | OpenFlags.CloseOnExec);
        if (!result.Ok) throw new InvalidOperationException($"open of the test node failed: {result}");
        return (int)result.Value;
    }

    /// <summary>ioctl with <paramref name="arg"/> in place, using the catalogue's request number.</summary>
    public SyscallResult Ioctl<T>(int fd, IoctlDefinition ioctl, ref T arg) where T : unmanaged
        => Kernel.Ioctl(fd, ioctl.Request, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref arg, 1)));

    /// <summary>Creates a BO through the test driver's CREATE_BO and returns its handle.</summary>
    public uint CreateBo(int fd, uint size = 4096)
    {
        var create = new Uapi.Vc4.drm_vc4_create_bo { size = size };
        var result = Ioctl(fd, Vc4Ioctls.CreateBo, ref create);
        if (!result.Ok) throw new InvalidOperationException($"CREATE_BO of {size} bytes failed: {result}");
        return create.handle;
    }

    public void Dispose() => Kernel.Dispose();
}
