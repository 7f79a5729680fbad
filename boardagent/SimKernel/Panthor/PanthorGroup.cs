using HilHarness.SimKernel.Core;

namespace HilHarness.SimKernel.Panthor;

/// <summary>
/// struct panthor_group with a minimal scheduler view: a group is resident on a CSG slot (csg_id ≥ 0) exactly while
/// it has unfinished jobs, and scheduled out otherwise. A tiler OOM raised on a group with no unfinished job
/// therefore models the race return_chunk exists for: the group was scheduled out while grow ran.
/// </summary>
internal sealed class PanthorGroup(uint handle, PanthorVm vm, IReadOnlyList<PanthorQueue> queues,
    IReadOnlyList<PanthorKernelBo> kernelBos)
{
    public uint Handle { get; } = handle;

    public PanthorVm Vm { get; } = vm;

    public IReadOnlyList<PanthorQueue> Queues { get; } = queues;

    /// <summary>"Group sync objects", each queue's "CS ring buffer" and "Group job stats".</summary>
    public IReadOnlyList<PanthorKernelBo> KernelBos { get; } = kernelBos;

    /// <summary>group->fatal_queues: one bit per queue that hit a fatal error.</summary>
    public uint FatalQueues { get; set; }

    public bool TimedOut { get; set; }

    public bool Destroyed { get; set; }

    public List<PanthorJob> Jobs { get; } = [];

    /// <summary>csg_id ≥ 0 in the kernel: the group sits on a CSG slot because it has work.</summary>
    public bool Resident => !Destroyed && Jobs.Count > 0;

    public ulong KernelBoBytes => KernelBos.Aggregate(0UL, (s, b) => s + b.Size);
}

/// <summary>One queue of a group (drm_panthor_queue_create).</summary>
internal sealed record PanthorQueue(byte Priority, uint RingbufSize);

/// <summary>A submitted job: it finishes when its waits are signalled and sim.complete_jobs (or the clock) says so.</summary>
internal sealed class PanthorJob(PanthorGroup group, uint queueIndex, IReadOnlyList<SimFence> waits)
{
    public PanthorGroup Group { get; } = group;

    public uint QueueIndex { get; } = queueIndex;

    public IReadOnlyList<SimFence> Waits { get; } = waits;

    public SimFence Done { get; } = new();

    public bool Ready => Waits.All(w => w.Signaled);
}
