using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Vc4;

// Performance monitors (vc4_perfmon.c) and the device's active perfmon.
public sealed partial class Vc4Driver
{
    private const int MaxPerfCounters = 16, PerfEventCount = 30;

    private Vc4Perfmon? activePerfmon;

    /// <summary>True while vc4->active_perfmon points at a perfmon.</summary>
    public bool PerfmonActive => activePerfmon is not null;

    // vc4_perfmon_create_ioctl(): 1..16 counters, each a known event; ids from 1.
    private unsafe Errno PerfmonCreate(Vc4File vf, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_perfmon_create>(arg);
        if (a.ncounters > MaxPerfCounters || a.ncounters == 0) return Errno.EINVAL;
        var events = new byte[a.ncounters];
        for (int i = 0; i < a.ncounters; i++)
        {
            events[i] = a.events[i];
            if (events[i] >= PerfEventCount) return Errno.EINVAL;
        }
        if (!machine.Allocator.TryAllocate()) return Errno.ENOMEM;
        uint id = vf.NextPerfmonId();
        vf.Perfmons[id] = new Vc4Perfmon(events);
        a.id = id;
        return Errno.None;
    }

    // vc4_perfmon_destroy_ioctl(): an unknown id is EINVAL.
    private Errno PerfmonDestroy(Vc4File vf, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_perfmon_destroy>(arg);
        if (!vf.Perfmons.Remove(a.id, out var perfmon)) return Errno.EINVAL;
        DestroyPerfmon(perfmon);
        return Errno.None;
    }

    // vc4_perfmon_get_values_ioctl(): unknown id EINVAL; the counters are copied to values_ptr (EFAULT).
    private Errno PerfmonGetValues(Vc4File vf, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_perfmon_get_values>(arg);
        if (!vf.Perfmons.TryGetValue(a.id, out var perfmon)) return Errno.EINVAL;
        var bytes = MemoryMarshal.AsBytes(perfmon.Counters.AsSpan());
        return UserMemory.TryWrite(a.values_ptr, bytes) ? Errno.None : Errno.EFAULT;
    }

    // vc4_perfmon_close_file(): every perfmon of the file is destroyed.
    private void ClosePerfmons(Vc4File vf)
    {
        foreach (var perfmon in vf.Perfmons.Values.ToList()) DestroyPerfmon(perfmon);
        vf.Perfmons.Clear();
    }

    // Fixed by 0b2ad4f6f2be: the active perfmon is stopped before its idr reference goes. E6 drops only the
    // reference, so once the last job using it completes, vc4->active_perfmon points at freed memory.
    private void DestroyPerfmon(Vc4Perfmon perfmon)
    {
        if (!machine.Has(Regression.E6) && ReferenceEquals(perfmon, activePerfmon)) StopPerfmon(perfmon);
        perfmon.Put();
    }

    // Before a job runs: a different active perfmon is stopped (its counters captured) and the job's started.
    private void SwitchPerfmon(Vc4Job job)
    {
        if (job.Perfmon is null || ReferenceEquals(job.Perfmon, activePerfmon)) return;
        if (activePerfmon is not null) StopPerfmon(activePerfmon);
        activePerfmon = job.Perfmon;
    }

    // vc4_perfmon_stop(): reads perfmon->ncounters to capture the counters.
    private void StopPerfmon(Vc4Perfmon perfmon)
    {
        if (perfmon.Freed) machine.Kasan("slab-use-after-free", "vc4_perfmon_stop", 1, write: false);
        activePerfmon = null;
    }
}
