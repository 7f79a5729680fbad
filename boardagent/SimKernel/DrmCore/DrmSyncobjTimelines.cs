using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;
using static HilHarness.SimKernel.DrmCore.SyncobjArguments;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>SYNCOBJ_QUERY, SYNCOBJ_TRANSFER and SYNCOBJ_TIMELINE_SIGNAL: EOPNOTSUPP unless the driver has
/// DRIVER_SYNCOBJ_TIMELINE (panthor yes, vc4 no).</summary>
internal static class DrmSyncobjTimelines
{
    private const uint QueryLastSubmitted = 1;

    /// <summary>drm_syncobj_query_ioctl(): flags beyond LAST_SUBMITTED or count 0 → EINVAL; writes each
    /// syncobj's last signalled (or submitted) point.</summary>
    public static Errno Query(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var query = ref MemoryMarshal.AsRef<drm_syncobj_timeline_array>(arg);
        if (!device.Driver.SupportsTimelineSyncobj) return Errno.EOPNOTSUPP;
        if ((query.flags & ~QueryLastSubmitted) != 0 || query.count_handles == 0) return Errno.EINVAL;
        var errno = FindAll(file.File, query.handles, query.count_handles, out var syncobjs);
        if (errno != Errno.None) return errno;
        var points = new ulong[syncobjs.Length];
        for (int i = 0; i < syncobjs.Length; i++)
        {
            points[i] = (query.flags & QueryLastSubmitted) != 0 ? LastPoint(syncobjs[i]) : LastSignaledPoint(syncobjs[i]);
        }
        return UserMemory.TryWrite(query.points, MemoryMarshal.AsBytes(points.AsSpan())) ? Errno.None : Errno.EFAULT;
    }

    /// <summary>drm_syncobj_transfer_ioctl(): pad → EINVAL, unknown handles → ENOENT, no fence at the source point
    /// → EINVAL; the fence lands at dst_point (or replaces the binary fence when dst_point is 0).</summary>
    public static Errno Transfer(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var transfer = ref MemoryMarshal.AsRef<drm_syncobj_transfer>(arg);
        if (!device.Driver.SupportsTimelineSyncobj) return Errno.EOPNOTSUPP;
        if (transfer.pad != 0) return Errno.EINVAL;
        if (!file.File.Syncobjs.TryGetValue(transfer.src_handle, out var source)) return Errno.ENOENT;
        if (!file.File.Syncobjs.TryGetValue(transfer.dst_handle, out var target)) return Errno.ENOENT;
        var state = StateAt(source, transfer.src_point);
        if (state == FenceState.Missing) return Errno.EINVAL;
        var fence = new SimFence();
        Follow(source, transfer.src_point, fence);
        if (transfer.dst_point != 0) AddPoint(target, transfer.dst_point, fence);
        else Replace(target, fence);
        return Errno.None;
    }

    /// <summary>drm_syncobj_timeline_signal_ioctl(): flags or count 0 → EINVAL; a signalled point per syncobj
    /// (point 0 replaces the fence).</summary>
    public static Errno TimelineSignal(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var signal = ref MemoryMarshal.AsRef<drm_syncobj_timeline_array>(arg);
        if (!device.Driver.SupportsTimelineSyncobj) return Errno.EOPNOTSUPP;
        if (signal.flags != 0 || signal.count_handles == 0) return Errno.EINVAL;
        var errno = FindAll(file.File, signal.handles, signal.count_handles, out var syncobjs);
        if (errno != Errno.None) return errno;
        errno = ReadPoints(signal.points, signal.count_handles, out var points);
        if (errno != Errno.None) return errno;
        for (int i = 0; i < syncobjs.Length; i++)
        {
            var fence = new SimFence(signaled: true);
            if (points[i] != 0) AddPoint(syncobjs[i], points[i], fence);
            else Replace(syncobjs[i], fence);
        }
        return Errno.None;
    }

    // Signals target once the source point is signalled, whatever order the chain's fences signal in.
    private static void Follow(SimSyncobj source, ulong point, SimFence target)
    {
        if (StateAt(source, point) != FenceState.Pending)
        {
            target.Signal();
            return;
        }
        FenceAt(source, point).OnSignaled(() => Follow(source, point, target));
    }

    // The first unsignalled fence at or below the point: the one the transferred fence must follow.
    private static SimFence FenceAt(SimSyncobj syncobj, ulong point)
    {
        if (syncobj.Points.Count == 0) return syncobj.Fence!;
        if (point == 0) point = LastPoint(syncobj);
        foreach (var (p, fence) in syncobj.Points)
        {
            if (!fence.Signaled || p >= point) return fence;
        }
        return syncobj.Fence!;
    }
}
