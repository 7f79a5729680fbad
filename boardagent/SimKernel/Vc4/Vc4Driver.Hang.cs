using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Vc4;

// GPU hangs (vc4_gem.c): a job the GPU never finishes is found by the hang check, whose reset work saves the hang
// state for GET_HANG_STATE and resets the GPU, which finishes the hung job. E7 switches in the leaks fixed by
// f4dfd6847b3e (the BO array of a freed hang state) and 9525d169e5fd (kernel_state on save's error paths).
public sealed partial class Vc4Driver
{
    // sizeof(struct vc4_hang_state): the uAPI state, bo_count and the BO array pointer.
    private static readonly long HangStateBytes = Marshal.SizeOf<drm_vc4_get_hang_state>() + 4 + PointerBytes;

    private const long HangcheckDelayNs = 100_000_000, JiffiesPerSecondNs = 1_000_000_000;

    private Vc4HangState? hangState;
    private Vc4Job? hungJob;

    /// <summary>True while a saved hang state waits for GET_HANG_STATE.</summary>
    public bool HangStateSaved => hangState is not null;

    private static long PointerBytes => IntPtr.Size;

    // Called as the GPU starts a job: a planned hang makes it stop making progress. vc4_queue_submit() armed the hang
    // check for it; the check fires at round_jiffies_up(now + 100 ms), i.e. on the next whole second.
    private bool StartHungJob(Vc4Job job)
    {
        if (!machine.TakePlannedGpuHang()) return false;
        hungJob = job;
        machine.Clock.At(HangcheckDeadline(machine.Clock.NowNs), () => HangcheckElapsed(job, progressSeen: false));
        return true;
    }

    // When the job at the head of the queue next changes: its 1 ms of GPU time, or for a hung job the next timer
    // (the hang check that resets the GPU), so waits on a hung job advance to the reset instead of spinning.
    private long HeadJobEventNs() => ReferenceEquals(jobs[0], hungJob)
        ? machine.Clock.NextDeadlineNs ?? long.MaxValue
        : jobs[0].StartedAtNs + JobDurationNs;

    private static long HangcheckDeadline(long nowNs) =>
        (nowNs + HangcheckDelayNs + JiffiesPerSecondNs - 1) / JiffiesPerSecondNs * JiffiesPerSecondNs;

    // vc4_hangcheck_elapsed(): idle or another job running means nothing to do. The first check after the job
    // started sees CTnCA moved from the job's recorded 0 ("progress") and re-arms; the next one sees no progress
    // and schedules the reset work.
    private void HangcheckElapsed(Vc4Job job, bool progressSeen)
    {
        if (!ReferenceEquals(hungJob, job) || jobs.Count == 0 || !ReferenceEquals(jobs[0], job)) return;
        if (!progressSeen)
        {
            machine.Clock.At(HangcheckDeadline(machine.Clock.NowNs), () => HangcheckElapsed(job, progressSeen: true));
            return;
        }
        SaveHangState();
        // vc4_reset(): power-cycle V3D, then vc4_irq_reset() re-enables every driver interrupt (OUTOMEM included)
        // and finishes the hung job, which starts the next one.
        machine.Log(SimKmsg.Info, "[drm] Resetting GPU.");
        bin.OutOfMemoryInterruptEnabled = true;
        hungJob = null;
        CompleteHead();
    }

    // vc4_save_hang_state(): kernel_state, then (under job_lock, GFP_ATOMIC) the BO array with a reference on every BO
    // of the first job (exec->bo, then the unref list: BCL and RCL). A state already saved wins; the new one is freed.
    private void SaveHangState()
    {
        if (!machine.Allocator.TryAllocate()) return;
        if (jobs.Count == 0)
        {
            LeakOnSaveError();
            return;
        }
        var job = jobs[0];
        var bos = job.Bos.Concat(job.UnrefList).ToList();
        if (!machine.Allocator.TryAllocate())
        {
            LeakOnSaveError();
            return;
        }
        foreach (var bo in bos) bo.Get();
        var state = new Vc4HangState(bos);
        if (hangState is null) hangState = state;
        else FreeHangState(state);
    }

    // Before 9525d169e5fd both error paths returned without kfree(kernel_state).
    private void LeakOnSaveError()
    {
        if (machine.Has(Regression.E7)) machine.Kmemleak.Leak(HangStateBytes, "vc4_save_hang_state");
    }

    // vc4_free_hang_state(): put every BO, then free the state; before f4dfd6847b3e the BO array was never freed.
    private void FreeHangState(Vc4HangState state)
    {
        foreach (var bo in state.Bos) bo.Put();
        if (machine.Has(Regression.E7)) machine.Kmemleak.Leak(Math.Max(1, state.Bos.Count) * PointerBytes, "vc4_save_hang_state");
    }

    // vc4_get_hang_state_ioctl() (DRM_ROOT_ONLY is the DRM core's check): no state is ENOENT; a short user array gets
    // the needed count back; otherwise the state is taken, each BO gets a new handle in the caller's file, the array
    // is copied out and the state freed.
    private Errno GetHangState(SimDrmFile file, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_get_hang_state>(arg);
        if (hangState is not { } state) return Errno.ENOENT;
        uint count = (uint)state.Bos.Count;
        if (a.bo_count < count)
        {
            a.bo_count = count;
            return Errno.None;
        }
        hangState = null;
        ulong userArray = a.bo;
        a = default;
        a.bo = userArray;
        a.bo_count = count;
        var errno = Errno.None;
        if (!machine.Allocator.TryAllocate()) errno = Errno.ENOMEM;
        else
        {
            var entries = new drm_vc4_get_hang_state_bo[count];
            for (int i = 0; i < entries.Length; i++)
            {
                var bo = state.Bos[i];
                entries[i] = new drm_vc4_get_hang_state_bo
                {
                    handle = file.CreateHandle(bo, reuseExisting: false),
                    paddr = (uint)(bo.BackingId << 12),
                    size = (uint)bo.Size,
                };
            }
            if (!UserMemory.TryWrite(userArray, MemoryMarshal.AsBytes(entries.AsSpan()))) errno = Errno.EFAULT;
        }
        FreeHangState(state);
        return errno;
    }

    private sealed record Vc4HangState(List<Vc4Bo> Bos);
}
