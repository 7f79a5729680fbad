using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Drm;

/// <summary>
/// drm_syncobj.c: every syncobj ioctl first checks DRIVER_SYNCOBJ (EOPNOTSUPP without it: vgem always, virtio-gpu
/// before 6.4). With it: handles are the lowest free id from 1, an unknown handle is ENOENT (EINVAL for destroy), a
/// wait on a syncobj without a fence is EINVAL unless WAIT_FOR_SUBMIT, which instead waits the real timeout (ETIME).
/// </summary>
internal static class DrmCoreSyncobjs
{
    private const long CreateSignaled = 0x1;
    private const long WaitForSubmit = 0x2;

    public static (DrmCoreState, StepPrediction) Apply(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        if (!s.Driver.HasSyncobj(s.Sem.Kernel))
            return (s, Fail(op.Op, Errno.EOPNOTSUPP));
        return op.Op switch
        {
            "drm.syncobj_create" => Create(s, op, file),
            "drm.syncobj_destroy" => Destroy(s, op, file),
            "drm.syncobj_wait" => (s, Wait(s, op, file)),
            "drm.syncobj_signal" => SetSignaled(s, op, file, signaled: true),
            "drm.syncobj_reset" => SetSignaled(s, op, file, signaled: false),
            _ => throw new ArgumentException($"the DRM-core model does not know op '{op.Op}'"),
        };
    }

    private static (DrmCoreState, StepPrediction) Create(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        long flags = op.Num("flags");
        if ((flags & ~CreateSignaled) != 0)
            return (s, Fail(op.Op, Errno.EINVAL));
        string symbol = op.Produces ?? throw new ArgumentException($"op {op}: syncobj_create must produce a handle symbol");
        uint handle = DrmCoreFile.LowestFree(file.Syncobjs.Keys);
        var next = s with
        {
            Files = s.Files.SetItem(file.Name, file with { Syncobjs = file.Syncobjs.SetItem(handle, (flags & CreateSignaled) != 0) }),
            Numbers = s.Numbers.SetItem(symbol, handle),
        };
        return (next, Success(op.Op).WithOut("handle", new ExactValue(handle)));
    }

    private static (DrmCoreState, StepPrediction) Destroy(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        uint handle = (uint)(s.NumberOf(op.Arg("handle")) ?? 0);
        if (!file.Syncobjs.ContainsKey(handle))
            return (s, Fail(op.Op, Errno.EINVAL));
        return (s with { Files = s.Files.SetItem(file.Name, file with { Syncobjs = file.Syncobjs.Remove(handle) }) }, Success(op.Op));
    }

    private static List<uint>? Handles(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        var handles = (op.Arg("handles")?.Items ?? []).Select(a => (uint)(s.NumberOf(a) ?? 0)).ToList();
        return handles.Count > 0 && handles.All(file.Syncobjs.ContainsKey) ? handles : null;
    }

    private static StepPrediction Wait(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        if (Handles(s, op, file) is not { } handles)
            return Fail(op.Op, Errno.ENOENT);
        if (handles.All(h => file.Syncobjs[h]))
            return Success(op.Op);
        return Fail(op.Op, (op.Num("flags") & WaitForSubmit) != 0 ? Errno.ETIME : Errno.EINVAL);
    }

    private static (DrmCoreState, StepPrediction) SetSignaled(DrmCoreState s, ModelOp op, DrmCoreFile file, bool signaled)
    {
        if (Handles(s, op, file) is not { } handles)
            return (s, Fail(op.Op, Errno.ENOENT));
        var syncobjs = handles.Aggregate(file.Syncobjs, (all, h) => all.SetItem(h, signaled));
        return (s with { Files = s.Files.SetItem(file.Name, file with { Syncobjs = syncobjs }) }, Success(op.Op));
    }
}
