using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Vc4;

/// <summary>
/// Runtime PM of the V3D device (vc4_v3d_pm_get/put over pm_runtime with a 40 ms autosuspend delay) on the virtual
/// clock. The driver supplies the suspend and resume callbacks; a failed resume leaves the device suspended.
/// </summary>
internal sealed class Vc4RuntimePm(SimClock clock, Action suspend, Func<Errno> resume)
{
    public const long AutosuspendDelayNs = 40_000_000;

    private long? autosuspendTimer;
    private long lastBusyNs;

    public bool Suspended { get; private set; }

    /// <summary>Active users (power_refcount).</summary>
    public int UsageCount { get; private set; }

    /// <summary>pm_runtime_resume_and_get(): resume if needed, then count a user.</summary>
    public Errno Get()
    {
        if (Suspended)
        {
            var errno = resume();
            if (errno != Errno.None) return errno;
            Suspended = false;
        }
        UsageCount++;
        return Errno.None;
    }

    /// <summary>pm_runtime_mark_last_busy + pm_runtime_put_autosuspend().</summary>
    public void Put()
    {
        if (UsageCount > 0) UsageCount--;
        if (UsageCount == 0) ArmAutosuspend();
    }

    /// <summary>
    /// The end of vc4_v3d_bind(): bind resumed the device with a reference and, since aaefbdde9abd, puts it with
    /// pm_runtime_put_autosuspend() so the idle device suspends 40 ms later. From 266cff37d7fc until that fix (E5)
    /// the reference is never put: the usage count stays at one and V3D never runtime-suspends.
    /// </summary>
    public void FinishBind(bool bindReferenceKept)
    {
        if (bindReferenceKept) UsageCount++;
        else ArmAutosuspend();
    }

    /// <summary>Marks the device busy now; it suspends once idle for 40 ms (the end of probe does this too).</summary>
    public void ArmAutosuspend()
    {
        lastBusyNs = clock.NowNs;
        // Like rpm_suspend()'s autosuspend timer: one timer that, when it fires early, re-arms itself at
        // last_busy + delay, so frequent puts do not pile timers up on the clock.
        autosuspendTimer ??= clock.At(lastBusyNs + AutosuspendDelayNs, AutosuspendTimerFired);
    }

    /// <summary>pm_runtime_suspend(): a no-op while a user holds the device.</summary>
    public void SuspendNow()
    {
        if (Suspended || UsageCount > 0) return;
        suspend();
        Suspended = true;
    }

    /// <summary>pm_runtime_resume() without taking a user; idle again, so autosuspend is re-armed.</summary>
    public Errno ResumeNow()
    {
        if (!Suspended) return Errno.None;
        var errno = resume();
        if (errno != Errno.None) return errno;
        Suspended = false;
        if (UsageCount == 0) ArmAutosuspend();
        return Errno.None;
    }

    private void AutosuspendTimerFired()
    {
        autosuspendTimer = null;
        if (UsageCount > 0 || Suspended) return;
        long due = lastBusyNs + AutosuspendDelayNs;
        if (clock.NowNs < due)
        {
            autosuspendTimer = clock.At(due, AutosuspendTimerFired);
            return;
        }
        SuspendNow();
    }
}
