using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Panthor;

/// <summary>
/// GROUP_CREATE/DESTROY/GET_STATE/SUBMIT and job completion on a simulated board (panthor_drv.c, panthor_sched.c),
/// as far as they decide a group's residency: a group sits on a CSG slot exactly while it has unfinished jobs and
/// is not destroyed (docs/protocol.md "Timing and residency"), which is what tiler OOM grows depend on (kernel-facts
/// C.2 #8).
/// </summary>
internal static class PanthorGroupModel
{
    /// <summary>412a2a8fdd4e "drm/panthor: Fail job creation when the group is dead" (6.12; 6.11.y backport): a
    /// submit to a group with a fatal queue is EINVAL.</summary>
    private static readonly Version DeadGroupSubmitRefused = new(6, 12);

    public static (PanthorState, StepPrediction) Create(PanthorState s, ModelOp op, string file)
    {
        int queues = op.Arg("queues")?.Items?.Count ?? 0;
        if (queues == 0) return (s, Fail(op.Op, Errno.EINVAL));
        var vm = s.NumberOf(op.Arg("vm_id")) is { } id ? s.VmById(file, id) : null;
        if (vm is null) return (s, Fail(op.Op, Errno.EINVAL));
        string group = op.Produces ?? throw new ArgumentException($"op {op}: group_create must produce a group symbol");
        return (s with { Groups = s.Groups.SetItem(group, new PanthorGroup(group, file, vm.Symbol, 0, 0, queues)) },
            Success(op.Op).WithOut("group_handle", new RangeValue(1, uint.MaxValue)));
    }

    /// <summary>panthor_group_destroy(): unfinished jobs are cancelled, so the group leaves its CSG slot.</summary>
    public static (PanthorState, StepPrediction) Destroy(PanthorState s, ModelOp op, string file) =>
        Lookup(s, op, file) is { } g ? (Remove(s, [g.Symbol]), Success(op.Op)) : (s, Fail(op.Op, Errno.EINVAL));

    public static (PanthorState, StepPrediction) GetState(PanthorState s, ModelOp op, string file) =>
        Lookup(s, op, file) is { } g
            ? (s, Success(op.Op).WithOut("state", new ExactValue(g.State)).WithOut("fatal_queues", new ExactValue(g.FatalQueues)))
            : (s, Fail(op.Op, Errno.EINVAL));

    /// <summary>
    /// panthor_ioctl_group_submit(): pad, then per queue submit (panthor_job_create) the stream checks, the group
    /// lookup, a dead group (since 6.12) and the queue index; the first failure refuses the whole submit, since jobs
    /// are only pushed once every one was created. The model covers non-empty command streams without sync ops:
    /// an empty stream is no job on a real kernel (it reuses the previous job's fence) but one on the simulated board.
    /// </summary>
    public static (PanthorState, StepPrediction) Submit(PanthorState s, ModelOp op, string file)
    {
        if (op.Num("pad") != 0) return (s, Fail(op.Op, Errno.EINVAL));
        var group = Lookup(s, op, file);
        var jobs = s.Jobs;
        foreach (var submit in op.Arg("queue_submits")?.Items ?? [])
        {
            long Field(string name) => submit.Fields?.GetValueOrDefault(name)?.Number ?? 0;
            long size = Field("stream_size"), addr = Field("stream_addr"), queue = Field("queue_index");
            if (Field("pad") != 0 || (size == 0) != (addr == 0)) return (s, Fail(op.Op, Errno.EINVAL));
            if ((addr & 63) != 0 || (size & 7) != 0 || (Field("latest_flush") & 0x7f000000) != 0) return (s, Fail(op.Op, Errno.EINVAL));
            if (group is null) return (s, Fail(op.Op, Errno.EINVAL));
            if (group.FatalQueues != 0 && s.Sem.Kernel >= DeadGroupSubmitRefused) return (s, Fail(op.Op, Errno.EINVAL));
            if (queue < 0 || queue >= group.QueueCount) return (s, Fail(op.Op, Errno.EINVAL));
            if (submit.Fields?.GetValueOrDefault("syncs")?.Items is { Count: > 0 })
                throw new ArgumentException($"op {op}: the panthor model predicts submits without sync ops");
            if (size == 0) throw new ArgumentException($"op {op}: the panthor model predicts non-empty command streams only");
            jobs = jobs.Add(new PanthorJob(group.Symbol, (int)queue));
        }
        return (s with { Jobs = jobs }, Success(op.Op));
    }

    /// <summary><c>sim.complete_jobs</c>: finishes the first <c>max</c> (default all) unfinished jobs in submission
    /// order; without sync ops no job waits for another.</summary>
    public static (PanthorState, StepPrediction) CompleteJobs(PanthorState s, ModelOp op)
    {
        int done = (int)Math.Min(s.Jobs.Count, Math.Max(0, op.Num("max", int.MaxValue)));
        return (s with { Jobs = s.Jobs.RemoveRange(0, done) }, Success(op.Op).WithOut("completed", new ExactValue((ulong)done)));
    }

    /// <summary>Removes groups and cancels their unfinished jobs (group destroy, file close).</summary>
    public static PanthorState Remove(PanthorState s, IReadOnlyCollection<string> groups) => s with
    {
        Groups = s.Groups.RemoveRange(groups),
        Jobs = s.Jobs.RemoveAll(j => groups.Contains(j.Group)),
    };

    private static PanthorGroup? Lookup(PanthorState s, ModelOp op, string file) =>
        op.Sym("group_handle") is { } g && s.Groups.TryGetValue(g, out var group) && group.File == file ? group : null;
}
