using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Panthor;

// The scheduler as far as userspace can see it: job completion and the tiler OOM path
// (panthor_sched.c group_process_tiler_oom), driven by sim.complete_jobs and sim.tiler_oom.
public sealed partial class PanthorDriver
{
    private const string GpuDevice = "panthor fb000000.gpu";

    /// <summary>Finishes jobs in submission order; a job whose waits are unsignalled holds back its queue.</summary>
    public int CompleteJobs(int max)
    {
        int done = 0;
        var blocked = new HashSet<(PanthorGroup, uint)>();
        foreach (var job in jobs.ToList())
        {
            if (done >= max) break;
            if (blocked.Contains((job.Group, job.QueueIndex)) || !job.Ready)
            {
                blocked.Add((job.Group, job.QueueIndex));
                continue;
            }
            jobs.Remove(job);
            job.Group.Jobs.Remove(job);
            job.Done.Signal();
            done++;
        }
        return done;
    }

    /// <summary>panthor has no runtime-PM visible state in the simulation.</summary>
    public void RuntimeSuspend()
    {
    }

    /// <summary>panthor has no runtime-PM visible state in the simulation.</summary>
    public void RuntimeResume()
    {
    }

    /// <summary>
    /// A tiler OOM event on <paramref name="queueIndex"/> of a group: grow the heap whose context is at
    /// <paramref name="heapContextVa"/> and hand the chunk to the firmware. If the group has no unfinished job it is
    /// off its CSG slot ("descheduled while grow ran"): the chunk cannot be linked and return_chunk frees it (kept
    /// and counted with E17c / v3). An unknown group or queue is EINVAL without any effect.
    /// </summary>
    public SimTilerOomResult TilerOom(SimDrmFile file, uint groupHandle, uint queueIndex, ulong heapContextVa,
        uint renderPassesInFlight, uint pendingFragments)
    {
        var pf = (PanthorFile)file.DriverPrivate!;
        if (!pf.Groups.TryGetValue(groupHandle, out var group) || queueIndex >= group.Queues.Count)
            return new SimTilerOomResult((int)Errno.EINVAL, 0, false);
        var pool = group.Vm.HeapPool;
        Errno errno;
        ulong newChunk = 0;
        if (pool is null)
        {
            // Before 45c734fdd43d the NULL pool reached panthor_heap_grow() (E14, v3).
            if (semantics.PoolLookupReturnsNull) throw machine.Oops("panthor_heap_grow", 0x38);
            errno = Errno.EINVAL;
        }
        else
        {
            errno = pool.Grow(heapContextVa, renderPassesInFlight, pendingFragments, out newChunk);
        }
        // Current: ENOMEM means "let the firmware cope" (NULL chunk). v3/E13: only EBUSY does, ENOMEM is fatal.
        var firmwareCopes = semantics.OomErrnoSplit ? Errno.EBUSY : Errno.ENOMEM;
        if (errno != Errno.None && errno != firmwareCopes)
        {
            machine.Log(SimKmsg.Warning, $"{GpuDevice}: [drm] Failed to extend the tiler heap");
            group.FatalQueues |= 1u << (int)queueIndex;
            return new SimTilerOomResult((int)errno, 0, true);
        }
        if (group.Resident) return new SimTilerOomResult((int)errno, newChunk, false);
        if (newChunk != 0 && !semantics.NoReturnChunk) pool!.ReturnChunk(heapContextVa, newChunk);
        return new SimTilerOomResult((int)errno, 0, false);
    }
}
