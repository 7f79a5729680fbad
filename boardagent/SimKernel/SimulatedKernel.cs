using HilHarness.SimKernel.Core;
using HilHarness.SimKernel.DrmCore;
using HilHarness.Uapi;

namespace HilHarness.SimKernel;

/// <summary>
/// A simulated Linux kernel behind <see cref="IKernel"/>: one DRM device driven by a simulated driver (vc4 or
/// panthor), the process's file descriptors, CPU mappings, and the text files the agent reads. Every syscall and
/// every <see cref="ISimControl"/> call enters <see cref="SimMachine.Cpu"/> (the big lock), so planned races
/// interleave deterministically. Failed calls are results (an errno), never exceptions; the one exception is a
/// simulated oops, which kills the calling syscall with <see cref="SimKernelOopsException"/> after
/// <see cref="SimOptions.OnOops"/> ran (the agent exits there, as a process whose syscall oopsed never returns).
/// </summary>
public sealed partial class SimulatedKernel : IKernel, ISimControl
{
    private readonly SimMachine machine;
    private readonly ISimDriver driver;
    private readonly ISimDriverControl control;
    private readonly DrmDevice device;
    private readonly DrmIoctlDispatcher dispatcher;
    private readonly SimPseudoFiles files;

    /// <summary>A kernel on <paramref name="machine"/> driven by <paramref name="driver"/>, which must have been
    /// built on the same machine and also implement <see cref="ISimDriverControl"/>.</summary>
    public SimulatedKernel(SimMachine machine, ISimDriver driver)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(driver);
        this.machine = machine;
        this.driver = driver;
        control = driver as ISimDriverControl
            ?? throw new ArgumentException($"simulated driver {driver.Name} ({driver.GetType().Name}) does not implement {nameof(ISimDriverControl)}", nameof(driver));
        device = new DrmDevice(machine, driver);
        dispatcher = new DrmIoctlDispatcher(device);
        files = new SimPseudoFiles(device);
        foreach (var fault in machine.Profile.Faults) InjectFault(fault);
    }

    /// <summary>A kernel for <paramref name="profile"/>: builds the machine and hands it to
    /// <paramref name="createDriver"/> (drivers are constructed on their machine).</summary>
    public SimulatedKernel(SimProfile profile, SimOptions options, Func<SimMachine, ISimDriver> createDriver)
        : this(CreateMachine(profile, options, out var machine), createDriver(machine))
    {
    }

    /// <summary>
    /// The kernel a spec names: "rpi3-6.12", "rk3588-6.18+E10+E15" or a path to a .json profile. Errors are
    /// <see cref="SimProfileException"/> naming the spec.
    /// </summary>
    public static SimulatedKernel Create(string spec, SimOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var profile = SimProfile.Resolve(spec);
        return new SimulatedKernel(profile, options ?? new SimOptions(), SimDriverFactory.Create);
    }

    private static SimMachine CreateMachine(SimProfile profile, SimOptions options, out SimMachine machine)
        => machine = new SimMachine(profile, options);

    /// <summary>The machine this kernel runs on (clock, kmsg, taint, allocator, CPU).</summary>
    public SimMachine Machine => machine;

    public string Description => "sim:" + machine.Profile.Spec;

    public SimProfile Profile => machine.Profile;

    public Uname Uname()
    {
        var p = machine.Profile;
        return new Uname("Linux", "sim-" + p.Name, p.KernelRelease, "#1 SMP PREEMPT", p.Machine);
    }

    public SyscallResult Open(string path, OpenFlags flags)
    {
        ArgumentNullException.ThrowIfNull(path);
        machine.Cpu.Enter();
        try
        {
            return path switch
            {
                "/dev/dri/card0" => device.Open(renderNode: false, flags),
                "/dev/dri/renderD128" when driver.HasRenderNode => device.Open(renderNode: true, flags),
                _ => SyscallResult.Fail(Errno.ENOENT),
            };
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    public SyscallResult Close(int fd)
    {
        machine.Cpu.Enter();
        try
        {
            var open = device.Fds.Remove(fd);
            if (open is null) return SyscallResult.Fail(Errno.EBADF);
            open.Release();
            return SyscallResult.Success();
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    /// <summary>
    /// ioctl(2). A planned <c>hang</c> fault makes the matching ioctl never return: the calling thread leaves the
    /// big lock (a task stuck in the driver does not stop other tasks from reading kmsg) and then blocks forever,
    /// so only a watchdog that kills the agent ends it.
    /// </summary>
    public SyscallResult Ioctl(int fd, uint request, Span<byte> arg)
    {
        SyscallResult result;
        bool hang = false;
        machine.Cpu.Enter();
        try
        {
            var open = device.Fds.Get(fd);
            if (open is null) result = SyscallResult.Fail(Errno.EBADF);
            else if (open is not DrmOpenFile drm) result = SyscallResult.Fail(Errno.ENOTTY);
            else if (pendingIoctlFaults.Count > 0 && (hang = ApplyIoctlFault(request))) result = default;
            else result = dispatcher.Ioctl(drm, request, arg);
        }
        finally
        {
            machine.Cpu.Exit();
        }
        if (hang) Thread.Sleep(Timeout.Infinite);
        return result;
    }

    public SyscallResult Mmap(int fd, ulong offset, ulong length, MapProtection protection)
    {
        machine.Cpu.Enter();
        try
        {
            var open = device.Fds.Get(fd);
            return open is null ? SyscallResult.Fail(Errno.EBADF) : device.Mmap(open, offset, length, protection);
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    public SyscallResult Munmap(nint address, ulong length)
    {
        machine.Cpu.Enter();
        try
        {
            return length == 0 ? SyscallResult.Fail(Errno.EINVAL) : device.Munmap(address);
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    public TextReadResult ReadText(string path, int maxBytes = 1 << 20)
    {
        ArgumentNullException.ThrowIfNull(path);
        machine.Cpu.Enter();
        try
        {
            var result = files.Read(path);
            return result.Text is { } text && text.Length > maxBytes ? new(text[..maxBytes], Errno.None) : result;
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    public IReadOnlyList<string>? ListDirectory(string path, out Errno errno)
    {
        ArgumentNullException.ThrowIfNull(path);
        machine.Cpu.Enter();
        try
        {
            return files.List(path, out errno);
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    public IReadOnlyList<string>? ReadKmsg(ulong fromSequence, out Errno errno)
    {
        machine.Cpu.Enter();
        try
        {
            errno = Errno.None;
            return machine.Kmsg.ReadFrom(fromSequence);
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    public long MonotonicNs()
    {
        machine.Cpu.Enter();
        try
        {
            return machine.Clock.NowNs;
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    /// <summary>A write to /dev/kmsg: one record at prio 12 (LOG_USER | LOG_WARNING), as devkmsg_write logs it.</summary>
    public SyscallResult WriteKmsg(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        machine.Cpu.Enter();
        try
        {
            machine.Kmsg.Log(UserWarningPriority, line.TrimEnd('\n'));
            return SyscallResult.Success(line.Length);
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    private const int UserWarningPriority = (1 << 3) | 4;

    public void Dispose() => device.Dispose();
}
