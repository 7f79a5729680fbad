using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>
/// What the syncobj ioctls share: handle allocation, drm_syncobj_array_find (copy the handle array in, look each up)
/// and the timeline view of a syncobj (a dma_fence_chain of points; point 0 is the latest fence).
/// </summary>
internal static class SyncobjArguments
{
    // kmalloc_array of the handle array fails long before user memory runs out.
    private const uint MaxArrayCount = 1 << 22;

    /// <summary>What a wait sees at one (syncobj, point).</summary>
    public enum FenceState { Missing, Pending, Signaled }

    /// <summary>idr_alloc on the file's syncobj idr: lowest free handle from 1.</summary>
    public static uint Install(SimDrmFile file, SimSyncobj syncobj)
    {
        uint handle = 1;
        while (file.Syncobjs.ContainsKey(handle)) handle++;
        file.Syncobjs[handle] = syncobj;
        return handle;
    }

    /// <summary>drm_syncobj_array_find(): ENOMEM for an absurd count, EFAULT for a bad array, ENOENT for an
    /// unknown handle.</summary>
    public static Errno FindAll(SimDrmFile file, ulong userHandles, uint count, out SimSyncobj[] syncobjs)
    {
        syncobjs = [];
        if (count > MaxArrayCount) return Errno.ENOMEM;
        var handles = new uint[count];
        if (!UserMemory.TryRead(userHandles, MemoryMarshal.AsBytes(handles.AsSpan()))) return Errno.EFAULT;
        syncobjs = new SimSyncobj[count];
        for (int i = 0; i < handles.Length; i++)
        {
            if (!file.Syncobjs.TryGetValue(handles[i], out var syncobj)) return Errno.ENOENT;
            syncobjs[i] = syncobj;
        }
        return Errno.None;
    }

    /// <summary>copy_from_user of a u64 point array.</summary>
    public static Errno ReadPoints(ulong userPoints, uint count, out ulong[] points)
    {
        points = new ulong[count];
        return UserMemory.TryRead(userPoints, MemoryMarshal.AsBytes(points.AsSpan())) ? Errno.None : Errno.EFAULT;
    }

    /// <summary>drm_syncobj_find_fence + dma_fence_chain_find_seqno: the state of <paramref name="point"/>.
    /// A point beyond the last one submitted has no fence yet.</summary>
    public static FenceState StateAt(SimSyncobj syncobj, ulong point)
    {
        if (syncobj.Points.Count == 0)
        {
            if (syncobj.Fence is null || point != 0) return FenceState.Missing;
            return syncobj.Fence.Signaled ? FenceState.Signaled : FenceState.Pending;
        }
        ulong last = LastPoint(syncobj);
        if (point > last) return FenceState.Missing;
        if (point == 0) point = last;
        foreach (var (p, fence) in syncobj.Points)
        {
            if (!fence.Signaled) return FenceState.Pending;
            if (p >= point) break;
        }
        return FenceState.Signaled;
    }

    /// <summary>The highest point submitted on the timeline, 0 if none.</summary>
    public static ulong LastPoint(SimSyncobj syncobj)
    {
        ulong last = 0;
        foreach (var p in syncobj.Points.Keys) last = p;
        return last;
    }

    /// <summary>The highest point whose fence and all earlier ones are signalled (SYNCOBJ_QUERY), 0 if none.</summary>
    public static ulong LastSignaledPoint(SimSyncobj syncobj)
    {
        ulong signaled = 0;
        foreach (var (p, fence) in syncobj.Points)
        {
            if (!fence.Signaled) break;
            signaled = p;
        }
        return signaled;
    }

    /// <summary>drm_syncobj_add_point(): appends <paramref name="fence"/> at <paramref name="point"/> and makes it
    /// the syncobj's current fence. A point not above the last one is folded into the chain's tail.</summary>
    public static void AddPoint(SimSyncobj syncobj, ulong point, SimFence fence)
    {
        ulong last = LastPoint(syncobj);
        syncobj.Points[Math.Max(point, last)] = fence;
        syncobj.Fence = fence;
    }

    /// <summary>drm_syncobj_replace_fence(): the chain is dropped with the old fence.</summary>
    public static void Replace(SimSyncobj syncobj, SimFence? fence)
    {
        syncobj.Points.Clear();
        syncobj.Fence = fence;
    }
}
