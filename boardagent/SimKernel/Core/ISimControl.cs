namespace HilHarness.SimKernel.Core;

/// <summary>
/// What only a simulated board can do: the agent's <c>sim.*</c> ops. A real board has none of this.
/// </summary>
public interface ISimControl
{
    SimProfile Profile { get; }

    /// <summary>Virtual CLOCK_MONOTONIC in nanoseconds.</summary>
    long NowNs { get; }

    /// <summary>sim.advance: move virtual time, firing BO cache expiry, autosuspend and job timers.</summary>
    void Advance(long nanoseconds);

    /// <summary>sim.complete_jobs: finish every submitted GPU job (or the first <paramref name="max"/>).
    /// Returns how many completed.</summary>
    int CompleteJobs(int max = int.MaxValue);

    /// <summary>sim.suspend: runtime-suspend the GPU now (as autosuspend would when idle).</summary>
    void RuntimeSuspend();

    /// <summary>sim.resume: runtime-resume the GPU now.</summary>
    void RuntimeResume();

    /// <summary>sim.inject: plan a fault.</summary>
    void InjectFault(FaultSpec fault);

    /// <summary>sim.tiler_oom: raise a tiler out-of-memory event for a panthor group's queue (exercises heap grow).</summary>
    SimTilerOomResult TilerOom(int fd, uint groupHandle, uint queueIndex, ulong heapContextVa, uint renderPassesInFlight, uint pendingFragments);

    /// <summary>Arms a deterministic race for the next <paramref name="threads"/> syscalls (see <see cref="SimCpu"/>).</summary>
    void ArmRace(int threads, int seed);

    /// <summary>A human-readable dump of the simulated driver's internal state, for debugging.</summary>
    string DescribeState();
}

/// <summary>What a simulated tiler OOM did: the grow's errno (0 on success), the new chunk's encoded VA handed to the
/// firmware (0 for the NULL chunk), and whether the queue went fatal.</summary>
public readonly record struct SimTilerOomResult(int Errno, ulong NewChunkVa, bool QueueFatal);
