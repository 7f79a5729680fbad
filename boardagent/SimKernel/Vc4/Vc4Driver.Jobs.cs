using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Vc4;

// Jobs and seqnos: a FIFO the simulated GPU runs in order, 1 ms of virtual time per job; the waits advance the
// virtual clock instead of sleeping.
public sealed partial class Vc4Driver
{
    private const long JobDurationNs = 1_000_000;

    private readonly List<Vc4Job> jobs = [];

    /// <summary>vc4->emit_seqno: the seqno of the last submitted job.</summary>
    public ulong EmittedSeqno { get; private set; }

    /// <summary>vc4->finished_seqno: the seqno of the last completed job.</summary>
    public ulong FinishedSeqno { get; private set; }

    /// <summary>Submitted jobs that have not completed.</summary>
    public int PendingJobs => jobs.Count;

    /// <summary>sim.complete_jobs: finish up to <paramref name="max"/> jobs in order.</summary>
    public int CompleteJobs(int max)
    {
        int done = 0;
        while (done < max && jobs.Count > 0)
        {
            CompleteHead();
            done++;
        }
        return done;
    }

    // vc4_queue_submit(): the next seqno, every BO remembers it, and the job starts if the GPU is idle.
    private void QueueJob(Vc4Job job)
    {
        job.Seqno = ++EmittedSeqno;
        foreach (var bo in job.Bos) bo.Seqno = job.Seqno;
        foreach (var bo in job.UnrefList) bo.Seqno = job.Seqno;
        jobs.Add(job);
        if (jobs.Count == 1) StartJob(job);
    }

    private void StartJob(Vc4Job job)
    {
        job.StartedAtNs = machine.Clock.NowNs;
        SwitchPerfmon(job);
        if (StartHungJob(job)) return;
        job.CompletionTimer = machine.Clock.After(JobDurationNs, () =>
        {
            if (jobs.Count > 0 && ReferenceEquals(jobs[0], job)) CompleteHead();
        });
    }

    private void CompleteHead()
    {
        var job = jobs[0];
        jobs.RemoveAt(0);
        machine.Clock.Cancel(job.CompletionTimer);
        FinishedSeqno = job.Seqno;
        job.Fence.Signal();
        // vc4_irq_finish_render_job(): a following job with another perfmon (or none) is held in the bin queue, so
        // there is no next render job and the finished job's perfmon is stopped before its reference goes; the same
        // when no job follows and this job holds the perfmon's last reference (its file already destroyed it).
        // Otherwise the simulation keeps it active after its job (the E6 scenario: only the close-time stop of
        // 0b2ad4f6f2be clears it). Without these stops clean kernels would free an active perfmon.
        if (job.Perfmon is { } perfmon && ReferenceEquals(perfmon, activePerfmon)
            && (jobs.Count == 0 ? perfmon.RefCount == 1 : !ReferenceEquals(jobs[0].Perfmon, perfmon)))
            StopPerfmon(perfmon);
        CompleteExec(job);
        if (jobs.Count > 0) StartJob(jobs[0]);
    }

    // vc4_complete_exec(): drop the BOs (usecnt, then the reference), the BCL/RCL, the bin slots, the job's bin BO
    // reference, the perfmon reference and the PM reference. Also the error path of a failed submit.
    private void CompleteExec(Vc4Job job)
    {
        foreach (var bo in job.Bos)
        {
            DecUseCount(bo);
            bo.Put();
        }
        job.Bos.Clear();
        foreach (var bo in job.UnrefList) bo.Put();
        job.UnrefList.Clear();
        bin.FreeSlots(job.BinSlots);
        job.BinSlots = 0;
        if (job.BinBoUsed) bin.Put();
        job.BinBoUsed = false;
        job.Perfmon?.Put();
        job.Perfmon = null;
        pm.Put();
    }

    // vc4_v3d_get_bin_slot()'s wait for the last render job: it always finishes within its 1 ms of GPU time.
    private bool WaitForLastRenderJob()
    {
        if (jobs.Count == 0) return false;
        ulong seqno = jobs[^1].Seqno;
        ulong infinite = ulong.MaxValue;
        return WaitForSeqno(seqno, ref infinite) == Errno.None;
    }

    // vc4_wait_for_seqno(): done already, or ETIME for a zero timeout, or advance virtual time job by job up to the
    // deadline. A wait for a seqno never submitted would hang the real kernel; here it ends with ETIME.
    private Errno WaitForSeqno(ulong seqno, ref ulong timeoutNs)
    {
        if (FinishedSeqno >= seqno) return Errno.None;
        if (timeoutNs == 0) return Errno.ETIME;
        var clock = machine.Clock;
        long deadline = timeoutNs >= (ulong)(long.MaxValue - clock.NowNs) ? long.MaxValue : clock.NowNs + (long)timeoutNs;
        while (FinishedSeqno < seqno)
        {
            if (jobs.Count == 0)
            {
                if (deadline != long.MaxValue) clock.Advance(deadline - clock.NowNs);
                return Errno.ETIME;
            }
            long due = HeadJobEventNs();
            if (due > deadline)
            {
                clock.Advance(deadline - clock.NowNs);
                return Errno.ETIME;
            }
            clock.Advance(Math.Max(0, due - clock.NowNs));
        }
        return Errno.None;
    }

    // vc4_wait_seqno_ioctl(): timeout_ns is written back only when a signal interrupts the wait, which never
    // happens in the simulation.
    private Errno WaitSeqno(Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_wait_seqno>(arg);
        ulong timeout = a.timeout_ns;
        return WaitForSeqno(a.seqno, ref timeout);
    }

    // vc4_wait_bo_ioctl(): pad must be zero; a bad handle is EINVAL. From 6.18 the wait goes through the BO's
    // dma-resv and timeout_ns comes back decremented by the time waited.
    private Errno WaitBo(SimDrmFile file, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_wait_bo>(arg);
        if (a.pad != 0) return Errno.EINVAL;
        if (file.Lookup(a.handle) is not Vc4Bo bo) return Errno.EINVAL;
        long start = machine.Clock.NowNs;
        ulong timeout = a.timeout_ns;
        var errno = WaitForSeqno(bo.Seqno, ref timeout);
        if (machine.KernelVersion >= new Version(6, 18) && a.timeout_ns != ulong.MaxValue)
        {
            ulong waited = (ulong)(machine.Clock.NowNs - start);
            a.timeout_ns = a.timeout_ns >= waited ? a.timeout_ns - waited : 0;
        }
        return errno;
    }
}
