namespace HilHarness.Model.Vc4;

/// <summary>
/// Runtime PM of the V3D and the passing of time (kernel-facts A.7): jobs hold a PM reference; when the last user
/// puts it the device autosuspends after 40 ms idle. Before 5.3 (A.1, E4) suspend frees the bin BO and resume
/// allocates it again; since 5.3 neither touches it. On a simulated board each job takes 1 ms of virtual GPU time and
/// jobs run one after another in submission order (docs/protocol.md, "Simulated boards only"), so the model knows
/// when each completes; on real hardware completion time is unknown and only waits or sim ops complete jobs.
/// </summary>
internal static class Vc4Power
{
    public const long AutosuspendDelayMs = 40;

    /// <summary>Virtual GPU time of one simulated job.</summary>
    public const long SimulatedJobMs = 1;

    /// <summary>
    /// Every case starts on a settled board (jobs done, idle for 2 s or more: SuiteRunner's settle), so where runtime PM
    /// is predicted the V3D has autosuspended by then (kernel-facts A.7, E5). Elsewhere the state stays as it was.
    /// </summary>
    public static Vc4State Settled(Vc4State s) => s.Sem.Vc4RuntimePmPredicted && s.PmUsers == 0 ? s with { Suspended = true } : s;

    /// <summary>
    /// Adds the <c>runtime_pm</c> expectation to a step's prediction where it is predicted (7.1+: E5 fixed). There a
    /// GET_PARAM of V3D_IDENT0..2 also wakes the device, reading the registers between a get and a put (A.7), so the
    /// idle period restarts from it.
    /// </summary>
    public static (ModelState, StepPrediction) WithRuntimePm(ModelOp op, (ModelState State, StepPrediction Prediction) step)
    {
        if (step.State is not Vc4State s || !s.Sem.Vc4RuntimePmPredicted) return step;
        if (op.Op == "vc4.get_param" && op.Num("param") is >= 0 and <= 2 && step.Prediction.Errno == Uapi.Errno.None)
            s = Put(Get(s));
        return (s, step.Prediction.WithObservation(new RuntimePmExpectation(s.Suspended ? "suspended" : "active")));
    }

    /// <summary>pm_runtime_resume_and_get(): resume if suspended, then count a user.</summary>
    public static Vc4State Get(Vc4State s)
    {
        s = Resume(s);
        return s with { PmUsers = s.PmUsers + 1 };
    }

    /// <summary>pm_runtime_mark_last_busy + put_autosuspend: the idle period starts when the last user leaves.</summary>
    public static Vc4State Put(Vc4State s)
    {
        int users = Math.Max(0, s.PmUsers - 1);
        return s with { PmUsers = users, LastBusyMs = users == 0 ? s.NowMs : s.LastBusyMs };
    }

    /// <summary>sim.suspend: runtime suspend now, unless a user holds the device.</summary>
    public static Vc4State SuspendNow(Vc4State s)
    {
        if (s.Suspended || s.PmUsers > 0) return s;
        s = s with { Suspended = true };
        if (!s.Sem.Vc4BinBoAtProbe || !s.BinBo.Exists) return s;
        return Vc4Lifetimes.ToCache(s with { BinBo = s.BinBo with { Exists = false } }, Vc4State.BinBoPages);
    }

    /// <summary>sim.resume: resume without taking a user; idle again from now.</summary>
    public static Vc4State ResumeNow(Vc4State s)
    {
        if (!s.Suspended) return s;
        s = Resume(s);
        return s.PmUsers == 0 ? s with { LastBusyMs = s.NowMs } : s;
    }

    private static Vc4State Resume(Vc4State s)
    {
        if (!s.Suspended) return s;
        s = s with { Suspended = false };
        if (!s.Sem.Vc4BinBoAtProbe || s.BinBo.Exists) return s;
        return Vc4Lifetimes.TakeFromCache(s, Vc4State.BinBoPages) with { BinBo = s.BinBo with { Exists = true } };
    }

    /// <summary>When a job submitted now completes on a simulated board: after the jobs queued before it.</summary>
    public static long SimulatedDoneAt(Vc4State s) =>
        Math.Max(s.NowMs, s.Jobs.Values.Where(j => !j.Done).Select(j => j.DoneAtMs).DefaultIfEmpty(s.NowMs).Max()) + SimulatedJobMs;

    /// <summary>Unfinished jobs in submission (and completion) order.</summary>
    public static IEnumerable<Vc4Job> Pending(Vc4State s) => s.Jobs.Values.Where(j => !j.Done).OrderBy(j => j.DoneAtMs);

    /// <summary>Moves the clock to <paramref name="targetMs"/>, running what happens on the way in time order: on a
    /// simulated board job completions, and on every board the autosuspend of an idle device.</summary>
    public static Vc4State AdvanceTo(Vc4State s, long targetMs)
    {
        // While a job hangs nothing else happens (it holds the GPU and a PM reference) until its reset.
        if (Vc4Hang.ResetBy(s, targetMs)) s = Vc4Hang.Reset(s);
        while (true)
        {
            var job = s.Sem.Simulated ? Pending(s).FirstOrDefault() : null;
            long? suspendAt = s.PmUsers == 0 && !s.Suspended ? s.LastBusyMs + AutosuspendDelayMs : null;
            if (job is not null && job.DoneAtMs <= targetMs && (suspendAt is null || job.DoneAtMs <= suspendAt))
            {
                s = Vc4SubmitModel.Complete(Vc4Lifetimes.Evict(s with { NowMs = Math.Max(s.NowMs, job.DoneAtMs) }), job.Symbol);
                continue;
            }
            if (suspendAt is { } at && at <= targetMs)
            {
                s = SuspendNow(Vc4Lifetimes.Evict(s with { NowMs = Math.Max(s.NowMs, at) }));
                continue;
            }
            return Vc4Lifetimes.Evict(s with { NowMs = Math.Max(s.NowMs, targetMs) });
        }
    }
}
