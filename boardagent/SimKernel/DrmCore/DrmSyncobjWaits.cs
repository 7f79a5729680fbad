using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;
using static HilHarness.SimKernel.DrmCore.SyncobjArguments;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>
/// SYNCOBJ_WAIT and SYNCOBJ_TIMELINE_WAIT (drm_syncobj_array_wait_timeout). Nothing sleeps: an unsatisfied wait
/// moves the virtual clock from timer to timer (so jobs complete on the way) up to its absolute timeout, then answers
/// ETIME. A timeout of 0 or in the past polls once.
/// </summary>
internal static class DrmSyncobjWaits
{
    private const uint WaitAll = 1, WaitForSubmit = 2, WaitAvailable = 4, WaitDeadline = 8;
    private static readonly Version DeadlineSince = new(6, 4);

    /// <summary>drm_syncobj_wait_ioctl(): flags beyond ALL|FOR_SUBMIT|DEADLINE → EINVAL, count 0 → 0.</summary>
    public static Errno Wait(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var wait = ref MemoryMarshal.AsRef<drm_syncobj_wait>(arg);
        uint possible = WaitAll | WaitForSubmit | DeadlineFlag(device);
        if ((wait.flags & ~possible) != 0) return Errno.EINVAL;
        if (wait.count_handles == 0) return Errno.None;
        var errno = FindAll(file.File, wait.handles, wait.count_handles, out var syncobjs);
        if (errno != Errno.None) return errno;
        errno = WaitFor(device, syncobjs, new ulong[syncobjs.Length], wait.timeout_nsec, wait.flags, out var first);
        wait.first_signaled = first;
        return errno;
    }

    /// <summary>drm_syncobj_timeline_wait_ioctl(): EOPNOTSUPP without timeline support, flags beyond
    /// ALL|FOR_SUBMIT|AVAILABLE|DEADLINE → EINVAL, count 0 → 0, then the handle and point arrays.</summary>
    public static Errno TimelineWait(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var wait = ref MemoryMarshal.AsRef<drm_syncobj_timeline_wait>(arg);
        if (!device.Driver.SupportsTimelineSyncobj) return Errno.EOPNOTSUPP;
        uint possible = WaitAll | WaitForSubmit | WaitAvailable | DeadlineFlag(device);
        if ((wait.flags & ~possible) != 0) return Errno.EINVAL;
        if (wait.count_handles == 0) return Errno.None;
        var errno = FindAll(file.File, wait.handles, wait.count_handles, out var syncobjs);
        if (errno != Errno.None) return errno;
        errno = ReadPoints(wait.points, wait.count_handles, out var points);
        if (errno != Errno.None) return errno;
        errno = WaitFor(device, syncobjs, points, wait.timeout_nsec, wait.flags, out var first);
        wait.first_signaled = first;
        return errno;
    }

    private static uint DeadlineFlag(DrmDevice device) => device.Machine.KernelVersion >= DeadlineSince ? WaitDeadline : 0;

    private static Errno WaitFor(DrmDevice device, SimSyncobj[] syncobjs, ulong[] points, long timeoutNs, uint flags,
        out uint firstSignaled)
    {
        firstSignaled = uint.MaxValue;
        bool all = (flags & WaitAll) != 0, forSubmit = (flags & WaitForSubmit) != 0, available = (flags & WaitAvailable) != 0;
        // Without WAIT_FOR_SUBMIT a syncobj with no fence is an error up front, not something to wait for.
        for (int i = 0; i < syncobjs.Length; i++)
        {
            if (!forSubmit && StateAt(syncobjs[i], points[i]) == FenceState.Missing) return Errno.EINVAL;
        }
        var clock = device.Machine.Clock;
        while (true)
        {
            int ready = 0;
            for (int i = 0; i < syncobjs.Length; i++)
            {
                var state = StateAt(syncobjs[i], points[i]);
                if (state == FenceState.Signaled || (available && state == FenceState.Pending))
                {
                    if (ready == 0) firstSignaled = (uint)i;
                    ready++;
                }
            }
            if (ready == syncobjs.Length || (ready > 0 && !all)) return Errno.None;
            long now = clock.NowNs;
            if (timeoutNs <= now) return Errno.ETIME;
            long? next = clock.NextDeadlineNs;
            long until = next is { } deadline && deadline < timeoutNs ? deadline : timeoutNs;
            clock.Advance(Math.Max(0, until - now));
        }
    }
}
