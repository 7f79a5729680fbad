using System.Globalization;
using System.Text;
using HilHarness.SimKernel.Core;
using HilHarness.SimKernel.DrmCore;
using HilHarness.Uapi;

namespace HilHarness.SimKernel;

/// <summary>The <c>sim.*</c> half of the simulated kernel, and the faults planned on ioctls.</summary>
public sealed partial class SimulatedKernel
{
    private readonly List<FaultSpec> pendingIoctlFaults = [];

    public long NowNs => MonotonicNs();

    public void Advance(long nanoseconds)
    {
        machine.Cpu.Enter();
        try { machine.Clock.Advance(nanoseconds); }
        finally { machine.Cpu.Exit(); }
    }

    public int CompleteJobs(int max = int.MaxValue)
    {
        machine.Cpu.Enter();
        try { return control.CompleteJobs(max); }
        finally { machine.Cpu.Exit(); }
    }

    public void RuntimeSuspend()
    {
        machine.Cpu.Enter();
        try { control.RuntimeSuspend(); }
        finally { machine.Cpu.Exit(); }
    }

    public void RuntimeResume()
    {
        machine.Cpu.Enter();
        try { control.RuntimeResume(); }
        finally { machine.Cpu.Exit(); }
    }

    /// <summary>Memory faults apply to the allocator now; hang, warn and oops wait for the next (matching) ioctl.</summary>
    public void InjectFault(FaultSpec fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        machine.Cpu.Enter();
        try
        {
            switch (fault.Kind)
            {
                case "alloc-fail" or "cma-fill" or "cma-release":
                    machine.Allocator.Apply(fault);
                    break;
                case "hang" or "warn" or "oops":
                    pendingIoctlFaults.Add(fault);
                    break;
                case "gpu-hang":
                    machine.PlanGpuHang();
                    break;
                default:
                    throw new ArgumentException(
                        $"fault kind '{fault.Kind}' unknown; expected one of {string.Join(", ", FaultSpec.Kinds)}", nameof(fault));
            }
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    public SimTilerOomResult TilerOom(int fd, uint groupHandle, uint queueIndex, ulong heapContextVa,
        uint renderPassesInFlight, uint pendingFragments)
    {
        machine.Cpu.Enter();
        try
        {
            if (device.Fds.Get(fd) is not DrmOpenFile drm) return new SimTilerOomResult((int)Errno.EBADF, 0, false);
            return control.TilerOom(drm.File, groupHandle, queueIndex, heapContextVa, renderPassesInFlight, pendingFragments);
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    /// <summary>Arms the race without entering the CPU: this call must not become one of the racing threads.</summary>
    public void ArmRace(int threads, int seed) => machine.Cpu.ArmRace(threads, seed);

    public string DescribeState()
    {
        machine.Cpu.Enter();
        try
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"kernel {Description} at {machine.Clock.NowNs} ns, taint {(ulong)machine.Tainted}\n");
            foreach (var (fd, open) in device.Fds.Open()) text.Append(CultureInfo.InvariantCulture, $"fd {fd}: {open}\n");
            text.Append(CultureInfo.InvariantCulture, $"cpu mappings: {device.Mappings.Count}; pending ioctl faults: {pendingIoctlFaults.Count}\n");
            text.Append(control.DescribeState());
            return text.ToString();
        }
        finally
        {
            machine.Cpu.Exit();
        }
    }

    // Runs under the big lock. Returns true when the ioctl must hang; a warn goes on to run the ioctl, an oops
    // throws out of it.
    private bool ApplyIoctlFault(uint request)
    {
        var op = dispatcher.Find(request)?.Op;
        for (int i = 0; i < pendingIoctlFaults.Count; i++)
        {
            var fault = pendingIoctlFaults[i];
            if (fault.Kind == "hang" && fault.Op is not null && fault.Op != op) continue;
            pendingIoctlFaults.RemoveAt(i);
            switch (fault.Kind)
            {
                case "hang":
                    return true;
                case "warn":
                    machine.Warn("drivers/gpu/drm/drm_ioctl.c:801", "drm_ioctl_kernel");
                    return false;
                default:
                    throw machine.Oops("drm_ioctl_kernel");
            }
        }
        return false;
    }
}
