namespace HilHarness.SimKernel.Core;

/// <summary>
/// The driver half of <see cref="ISimControl"/>: what <c>sim.*</c> ops ask of the simulated driver. The simulated
/// kernel enters the <see cref="SimCpu"/> around each call, so these take part in races like syscalls do.
/// </summary>
public interface ISimDriverControl
{
    /// <summary>Finish submitted jobs in order (at most <paramref name="max"/>), signalling their fences.</summary>
    int CompleteJobs(int max);

    /// <summary>Runtime-suspend the GPU now (a no-op if a PM reference is held, as pm_runtime_suspend would).</summary>
    void RuntimeSuspend();

    /// <summary>Runtime-resume the GPU now.</summary>
    void RuntimeResume();

    /// <summary>A tiler OOM event for a panthor queue; other drivers answer ENODEV.</summary>
    SimTilerOomResult TilerOom(SimDrmFile file, uint groupHandle, uint queueIndex, ulong heapContextVa,
        uint renderPassesInFlight, uint pendingFragments);

    /// <summary>Internal state for humans (sim.state).</summary>
    string DescribeState();
}
