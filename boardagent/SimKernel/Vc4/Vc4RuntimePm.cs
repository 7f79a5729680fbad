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

    public bool Suspended { get; private set; }

    /// <summary>Active users (power_refcount).</summary>
    public int UsageCount { get; private set; }

    /// <summary>pm_runtime_resume_and_get(): resume if needed, then count a user.</summary>
    public Errno Get()
    {
        CancelAutosuspend();
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

    /// <summary>The end of probe: the device is idle and autosuspends 40 ms later.</summary>
    public void ArmAutosuspend()
    {
        CancelAutosuspend();
        autosuspendTimer = clock.After(AutosuspendDelayNs, () =>
        {
            autosuspendTimer = null;
            SuspendNow();
        });
    }

    /// <summary>pm_runtime_suspend(): a no-op while a user holds the device.</summary>
    public void SuspendNow()
    {
        if (Suspended || UsageCount > 0) return;
        CancelAutosuspend();
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

    private void CancelAutosuspend()
    {
        if (autosuspendTimer is { } t) clock.Cancel(t);
        autosuspendTimer = null;
    }
}
