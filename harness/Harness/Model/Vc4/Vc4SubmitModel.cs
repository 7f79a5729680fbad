using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Vc4;

/// <summary>SUBMIT_CL, WAIT_SEQNO, WAIT_BO and job completion (kernel-facts A.4, A.9, A.11).</summary>
internal static class Vc4SubmitModel
{
    public static (Vc4State, StepPrediction) Submit(Vc4State s, ModelOp op, string file)
    {
        // The order of checks follows kernel-facts A.11's table, except out_sync, which vc4_submit_cl_ioctl checks last.
        if ((op.Num("flags") & ~0xfL) != 0 || op.Num("pad2") != 0) return (s, Fail(op.Op, Errno.EINVAL));
        // Everything after the flag checks runs with a runtime PM reference (resuming the V3D); a failed submit puts
        // it back at once through vc4_complete_exec's error path (kernel-facts A.7).
        s = Vc4Power.Get(s);
        var (next, prediction) = Validated(s, op, file);
        return prediction.Errno == Errno.None && prediction.KernelFailure is null ? (next, prediction) : (Vc4Power.Put(next), prediction);
    }

    private static (Vc4State, StepPrediction) Validated(Vc4State s, ModelOp op, string file)
    {
        var handles = op.Arg("bo_handles")?.Items ?? [];
        if (handles.Count == 0 && op.Arg("bo_handle_count")?.Number is null or 0) return (s, Fail(op.Op, Errno.EINVAL));
        var bos = handles.Select(h => s.Handle(file, h.Symbol)).ToList();
        if (bos.Any(b => b is null)) return (s, Fail(op.Op, Errno.ENOENT));
        // vc4_bo_inc_usecnt refuses DONTNEED and purged BOs (kernel-facts A.9), but its fast path takes a use count
        // that is already non-zero without looking at madv: a BO an unfinished job uses can be submitted again.
        if (bos.Any(b => b!.UseCount == 0 && b.Madv is Vc4Madv.DontNeed or Vc4Madv.Purged)) return (s, Fail(op.Op, Errno.EINVAL));
        string? perfmon = op.Sym("perfmonid");
        if ((perfmon is not null && !s.Perfmons.ContainsKey(perfmon)) || (perfmon is null && op.Num("perfmonid") != 0))
            return (s, Fail(op.Op, Errno.ENOENT));
        if (op.Num("in_sync") != 0) return (s, Fail(op.Op, Errno.ENOENT));
        // vc4_get_bcl and vc4_get_rcl allocate the job's BCL and RCL before anything below is checked.
        if (Vc4Cma.Allocation(s, op) is { } failed) return (s, failed);

        var cl = op.Arg("bin_cl")?.DecodeBytes() ?? [];
        bool binning = false;
        if (cl.Length > 0)
        {
            if (Vc4BinCl.HasBinningConfig(cl) is not { } found) return (s, Fail(op.Op, Errno.EINVAL));
            binning = found;
        }
        if (binning && !s.BinBo.Exists)
            return (s, Crash(op.Op, "kernel-facts A.4 latent hazard (UNCONFIRMED): validate_tile_binning_config reads a NULL bin_bo"));

        string job = op.Produces ?? throw new ArgumentException($"op {op}: submit_cl must produce a job symbol");
        s = Vc4Lifetimes.MaybeReusedByJobBos(s);
        if (op.Num("out_sync") != 0)
        {
            // vc4_submit_cl_ioctl (vc4_gem.c) looks out_sync up only after vc4_get_bcl and vc4_get_rcl made the job's
            // BOs and took its bin BO reference: the EINVAL goes through vc4_complete_exec, which puts the RCL and BCL
            // into the kernel BO cache and drops that reference again.
            s = Vc4Lifetimes.ToCache(s, null);
            if (cl.Length > 0) s = Vc4Lifetimes.ToCache(s, null);
            if (binning) s = Vc4Lifetimes.ReleaseJob(Vc4Lifetimes.GrabForJob(s, job), job);
            return (s, Fail(op.Op, Errno.EINVAL));
        }
        foreach (var b in bos) s = s with { Bos = s.Bos.SetItem(b!.Symbol, s.Bos[b.Symbol] with { UseCount = s.Bos[b.Symbol].UseCount + 1 }) };
        var created = new Vc4Job(job, file, binning && !s.Sem.Vc4BinBoAtProbe, [.. bos.Select(b => b!.Symbol)], cl.Length > 0, false)
        {
            DoneAtMs = Vc4Power.SimulatedDoneAt(s),
        };
        created = Vc4Hang.Start(ref s, created);
        s = s with { Jobs = s.Jobs.SetItem(job, created) };
        if (binning) s = Vc4Lifetimes.GrabForJob(s, job);
        return (s, Success(op.Op).WithOut("seqno", new IncreasingValue("vc4.seqno") { BindAs = "vc4.seqno" }));
    }

    /// <summary>A simulated board's wait advances the virtual clock to the job's completion, or to the deadline and
    /// -ETIME (docs/protocol.md); on real hardware a wait with a timeout is taken to let it finish (the harness only
    /// waits with long timeouts there).</summary>
    public static (Vc4State, StepPrediction) WaitSeqno(Vc4State s, ModelOp op)
    {
        string job = op.RequireSym("seqno");
        return WaitFor(s, op, s.Jobs[job].Done ? [] : [s.Jobs[job]]);
    }

    public static (Vc4State, StepPrediction) WaitBo(Vc4State s, ModelOp op, string file)
    {
        if (op.Num("pad") != 0) return (s, Fail(op.Op, Errno.EINVAL));
        var bo = s.Handle(file, op.Sym("handle"));
        if (bo is null) return (s, Fail(op.Op, Errno.EINVAL));   // kernel-facts A.11: -EINVAL, not -ENOENT
        return WaitFor(s, op, [.. s.Jobs.Values.Where(j => !j.Done && j.Bos.Contains(bo.Symbol))]);
    }

    private static (Vc4State, StepPrediction) WaitFor(Vc4State s, ModelOp op, IReadOnlyList<Vc4Job> busy)
    {
        if (busy.Count == 0) return (s, Success(op.Op));
        long timeoutNs = op.Num("timeout_ns");
        if (timeoutNs == 0) return (s, Fail(op.Op, Errno.ETIME));
        if (!s.Sem.Simulated)
        {
            foreach (var j in busy) s = CompleteUpTo(s, j.Symbol);
            return (s, Success(op.Op));
        }
        long doneAt = busy.Max(j => j.DoneAtMs);
        // The wait is in ns and the model's clock in ms: a deadline is only honoured at whole milliseconds, which
        // is all the generator uses.
        long deadline = timeoutNs < 0 || timeoutNs / 1_000_000 > long.MaxValue / 2 ? long.MaxValue / 2 : s.NowMs + timeoutNs / 1_000_000;
        if (Vc4Hang.WaitRefusal(s, deadline) is { } refused) return (s, refused);
        if (doneAt <= deadline) return (Vc4Power.AdvanceTo(s, doneAt), Success(op.Op));
        return (Vc4Power.AdvanceTo(s, deadline), Fail(op.Op, Errno.ETIME));
    }

    /// <summary>sim.complete_jobs: every job finishes now, a hung one too (without a reset, so nothing is saved).</summary>
    public static Vc4State CompleteAll(Vc4State s) =>
        Vc4Power.Pending(s).Select(j => j.Symbol).ToList().Aggregate(s with { HungJob = null }, (t, j) => Complete(t, j));

    /// <summary>Jobs finish in submission order (one V3D queue), so waiting on one completes those before it.</summary>
    private static Vc4State CompleteUpTo(Vc4State s, string job)
    {
        foreach (var j in Vc4Power.Pending(s).Select(j => j.Symbol).ToList())
        {
            s = Complete(s, j);
            if (j == job) break;
        }
        return s;
    }

    /// <summary>vc4_complete_exec: RCL and BCL go to the cache (unless a saved hang state keeps them:
    /// <paramref name="kernelBosKept"/>), BO use counts drop, the job's bin and PM references go.</summary>
    public static Vc4State Complete(Vc4State s, string job, bool kernelBosKept = false)
    {
        var j = s.Jobs[job];
        s = s with { Jobs = s.Jobs.SetItem(job, j with { Done = true }) };
        if (!kernelBosKept)
        {
            s = Vc4Lifetimes.ToCache(s, null);
            if (j.HasBcl) s = Vc4Lifetimes.ToCache(s, null);
        }
        foreach (var bo in j.Bos.Where(s.Bos.ContainsKey))
        {
            s = s with { Bos = s.Bos.SetItem(bo, s.Bos[bo] with { UseCount = s.Bos[bo].UseCount - 1 }) };
            s = Vc4Lifetimes.FreeIfUnreferenced(s, bo);
        }
        s = Vc4Power.Put(s);
        return j.HoldsBinBo ? Vc4Lifetimes.ReleaseJob(s, job) : s;
    }
}
