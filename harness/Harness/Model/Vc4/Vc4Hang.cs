using System.Collections.Immutable;
using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Vc4;

/// <summary>
/// GPU hangs on a simulated board (<c>sim.inject gpu-hang</c>, docs/protocol.md): the next job the GPU starts never
/// finishes by itself. vc4_queue_submit armed the hang check for it; vc4_hangcheck_elapsed fires at
/// round_jiffies_up(start + 100 ms), sees the job's progress moved from its recorded 0 and re-arms, and the next check,
/// one second later, schedules the reset: vc4_save_hang_state takes a reference on every BO of the hung job (its BOs,
/// then its BCL and RCL) unless a state is already saved, and vc4_reset finishes the job, which starts the next one.
/// GET_HANG_STATE (root only) hands the saved BOs out as new handles in the caller's file and frees the state; a
/// caller's array too short for them gets the count back and leaves the state saved.
/// <para>The reset comes 1.1–2.1 s after the job started, on a whole second the model cannot know, so the model
/// refuses (a precondition, never a guess) to move the clock into that window or past it before everything the reset
/// sets off has settled: the jobs queued behind, the kernel BO cache (3 s, see <see cref="Vc4Lifetimes"/>) and the
/// 40 ms autosuspend. It predicts hangs only where a saved state cannot outlive the sequence: a board whose agent is
/// root (the cleanup takes the state), an idle GPU (the hung job is the next submitted), and 5.3+ (before it, vc4_reset's
/// power cycle also frees and re-allocates the bin BO, kernel-facts A.1).</para>
/// </summary>
internal static class Vc4Hang
{
    /// <summary>The hang check's first timer is at most this long after the job started (100 ms, rounded up to a
    /// whole second), and the reset one second after that.</summary>
    public const long ResetEarliestMs = 1100, ResetLatestMs = 2100;

    /// <summary>When a hung job (and the jobs behind it) would complete: never by itself.</summary>
    public const long NeverMs = long.MaxValue / 4;

    private static readonly StepPrediction ResetTimeUnknown =
        Success("refused") with { Note = "a hung job's reset comes 1.1-2.1 s after it started, on a whole second the model cannot know; the clock may not stop inside that window or before what the reset sets off has settled" };

    /// <summary>Why the model refuses, when <paramref name="prediction"/> is this class's refusal; otherwise null.</summary>
    public static string? Refusal(StepPrediction prediction) =>
        ReferenceEquals(prediction, ResetTimeUnknown) ? prediction.Note : null;

    /// <summary>Whether <c>sim.inject gpu-hang</c> is within what the model predicts (see the class summary).</summary>
    public static bool CanPlan(Vc4State s) =>
        s.Sem.Simulated && s.Sem.Root && !s.Sem.Vc4BinBoAtProbe && !s.GpuHangPlanned && !Vc4Power.Pending(s).Any();

    /// <summary><c>sim.inject gpu-hang</c>.</summary>
    public static (Vc4State, StepPrediction) Plan(Vc4State s, ModelOp op)
    {
        if (!CanPlan(s))
            throw new ArgumentException($"op {op}: the model predicts a GPU hang only on a simulated 5.3+ board whose agent is root, with the GPU idle and no hang planned yet");
        return (s with { GpuHangPlanned = true }, Success(op.Op));
    }

    /// <summary>A job the GPU starts now: with a hang planned it is the hung one (the GPU was idle at the plan, so
    /// the first job submitted after it starts at once).</summary>
    public static Vc4Job Start(ref Vc4State s, Vc4Job job)
    {
        if (!s.GpuHangPlanned) return job;
        s = s with { GpuHangPlanned = false, HungJob = job.Symbol, HungJobStartMs = s.NowMs };
        return job with { DoneAtMs = NeverMs };
    }

    /// <summary>The refusal when moving the clock to <paramref name="targetMs"/> could stop it where the model cannot
    /// know whether (or when) the reset came; null when the move is predictable.</summary>
    public static StepPrediction? ClockRefusal(Vc4State s, long targetMs) =>
        s.HungJob is null || targetMs < s.HungJobStartMs + ResetEarliestMs || targetMs >= SettledMs(s) ? null : ResetTimeUnknown;

    /// <summary>The refusal for a wait on unfinished jobs while one hangs: they all finish only after the reset (the
    /// hung job is the GPU's head), so only a wait that ends before the earliest reset is predictable (-ETIME).</summary>
    public static StepPrediction? WaitRefusal(Vc4State s, long deadlineMs) =>
        s.HungJob is null || deadlineMs < s.HungJobStartMs + ResetEarliestMs ? null : ResetTimeUnknown;

    /// <summary>From here on the reset, the jobs behind it, their cache entries and the autosuspend are all past.</summary>
    private static long SettledMs(Vc4State s) =>
        s.HungJobStartMs + ResetLatestMs + Vc4Power.Pending(s).Count() + Vc4Power.AutosuspendDelayMs + Vc4Lifetimes.CacheCertainlyGoneMs;

    /// <summary>True when a clock move to <paramref name="targetMs"/> passes the reset (the caller checked
    /// <see cref="ClockRefusal"/>).</summary>
    public static bool ResetBy(Vc4State s, long targetMs) => s.HungJob is not null && targetMs >= s.HungJobStartMs + ResetEarliestMs;

    /// <summary>
    /// The hang check's reset, placed at the latest time it can come (everything it sets off has settled by the time
    /// the clock may stop): the state is saved unless one is, the hung job completes keeping its RCL and BCL for the
    /// state, and the jobs behind it run 1 ms each from there.
    /// </summary>
    public static Vc4State Reset(Vc4State s)
    {
        var hung = s.Jobs[s.HungJob!];
        long resetMs = s.HungJobStartMs + ResetLatestMs;
        s = Vc4Lifetimes.Evict(s with { NowMs = Math.Max(s.NowMs, resetMs), HungJob = null });
        bool saved = s.HangState is null;
        if (saved)
        {
            var bos = hung.Bos.Where(s.Bos.ContainsKey).ToImmutableList();
            s = s with { HangState = new Vc4HangState(bos, hung.HasBcl ? ["BCL", "RCL"] : ["RCL"]) };
        }
        long doneAt = resetMs;
        foreach (var next in Vc4Power.Pending(s).Where(j => j.Symbol != hung.Symbol).ToList())
            s = s with { Jobs = s.Jobs.SetItem(next.Symbol, next with { DoneAtMs = ++doneAt }) };
        return Vc4SubmitModel.Complete(s, hung.Symbol, kernelBosKept: saved);
    }

    /// <summary>vc4_get_hang_state_ioctl: EACCES for a non-root caller (DRM_ROOT_ONLY), ENOENT with no saved state,
    /// the count back for a short array, otherwise every saved BO as a new handle of the caller's file.</summary>
    public static (Vc4State, StepPrediction) GetHangState(Vc4State s, ModelOp op, string file)
    {
        if (!s.Sem.Root) return (s, Fail(op.Op, Errno.EACCES));
        if (s.HangState is not { } state) return (s, Fail(op.Op, Errno.ENOENT));
        var counted = Success(op.Op).WithOut("bo_count", new ExactValue((ulong)state.Count));
        if (op.Num("bo_count") < state.Count) return (s, counted);
        var handles = s.HangHandles
            .AddRange(state.Bos.Select(bo => new Vc4HangHandle(file, bo, null)))
            .AddRange(state.KernelBos.Select(label => new Vc4HangHandle(file, null, label)));
        return (s with { HangState = null, HangHandles = handles }, counted);
    }

    /// <summary>The file's release drops the handles GET_HANG_STATE gave it: the last reference on a BO frees it.</summary>
    public static Vc4State ReleaseHandles(Vc4State s, string file)
    {
        var dropped = s.HangHandles.Where(h => h.File == file).ToList();
        if (dropped.Count == 0) return s;
        s = s with { HangHandles = s.HangHandles.RemoveAll(h => h.File == file) };
        foreach (var handle in dropped)
            s = handle.Bo is { } bo ? (s.Bos.ContainsKey(bo) ? Vc4Lifetimes.FreeIfUnreferenced(s, bo) : s) : Vc4Lifetimes.ToCache(s, null);
        return s;
    }
}
