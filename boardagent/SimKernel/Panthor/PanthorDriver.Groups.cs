using System.Numerics;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Panthor;

namespace HilHarness.SimKernel.Panthor;

// GROUP_CREATE / GROUP_DESTROY / GROUP_SUBMIT / GROUP_GET_STATE (panthor_drv.c, panthor_sched.c) and sync ops.
public sealed partial class PanthorDriver
{
    private const int QueueCreateMinStride = 8, QueueSubmitMinStride = 40;
    private const byte MaxQueuePriority = 15; // CSF_MAX_QUEUE_PRIO
    private const uint SyncOpSignal = 1u << 31, SyncOpHandleTypeMask = 0xff, SyncOpTimeline = 1;
    private const uint GroupStateTimedOut = 1, GroupStateFatalFault = 2;

    private Errno GroupCreate(PanthorFile pf, ref drm_panthor_group_create args)
    {
        if (args.queues.count == 0) return Errno.EINVAL;
        var read = UserArrays.Read(args.queues, QueueCreateMinStride, out drm_panthor_queue_create[] queues);
        if (read != Errno.None) return read;
        // group_priority_permit(): REALTIME exists since 1.2; HIGH and above need CAP_SYS_NICE.
        int priorityCount = semantics.DriverMinor >= 2 ? 4 : 3;
        if (args.priority >= priorityCount) return Errno.EINVAL;
        if (args.priority >= 2 && !machine.Options.IsRoot) return Errno.EACCES;
        if (args.pad != 0) return Errno.EINVAL;
        var gpu = PanthorHardware.GpuInfo(machine.Profile);
        if ((args.compute_core_mask & ~gpu.shader_present) != 0 || (args.fragment_core_mask & ~gpu.shader_present) != 0
            || (args.tiler_core_mask & ~gpu.tiler_present) != 0)
            return Errno.EINVAL;
        if (BitOperations.PopCount(args.compute_core_mask) < args.max_compute_cores
            || BitOperations.PopCount(args.fragment_core_mask) < args.max_fragment_cores
            || BitOperations.PopCount(args.tiler_core_mask) < args.max_tiler_cores)
            return Errno.EINVAL;
        if (queues.Length > PanthorHardware.CsifInfo.cs_slot_count) return Errno.EINVAL;
        var vm = GetVm(pf, args.vm_id);
        if (vm is null) return Errno.EINVAL;
        foreach (var q in queues)
        {
            bool padSet;
            unsafe { padSet = q.pad[0] != 0 || q.pad[1] != 0 || q.pad[2] != 0; }
            if (padSet || q.priority > MaxQueuePriority || q.ringbuf_size < 4096 || q.ringbuf_size > 65536 || !uint.IsPow2(q.ringbuf_size))
            {
                vm.Put();
                return Errno.EINVAL;
            }
        }
        if (vm.Destroyed || vm.Freed)
        {
            vm.Put();
            return Errno.EINVAL;
        }
        var bos = new List<PanthorKernelBo>();
        bool ok = Add(4096, "Group sync objects");
        foreach (var q in queues)
        {
            ok = ok && Add(q.ringbuf_size, "CS ring buffer");
            // Per-queue profiling slots arrived with job profiling in 6.13.
            if (machine.KernelVersion >= new Version(6, 13)) ok = ok && Add(4096, "Group job stats");
        }
        uint? handle = ok ? PanthorFile.LowestFree(pf.Groups, 1, PanthorFile.MaxGroups) : null;
        if (handle is null)
        {
            foreach (var bo in bos) bo.Destroy();
            vm.Put();
            return ok ? Errno.EBUSY : Errno.ENOMEM;
        }
        // The group keeps the lookup's VM reference.
        pf.Groups[handle.Value] = new PanthorGroup(handle.Value, vm,
            queues.Select(q => new PanthorQueue(q.priority, q.ringbuf_size)).ToList(), bos);
        args.group_handle = handle.Value;
        return Errno.None;

        bool Add(ulong size, string label)
        {
            var bo = CreateKernelBo(vm, size, label, grownByWorker: false);
            if (bo is not null) bos.Add(bo);
            return bo is not null;
        }
    }

    private Errno GroupDestroy(PanthorFile pf, ref drm_panthor_group_destroy args)
    {
        if (args.pad != 0) return Errno.EINVAL;
        return DestroyGroup(pf, args.group_handle) ? Errno.None : Errno.EINVAL;
    }

    /// <summary>panthor_group_destroy(): unfinished jobs are cancelled (their fences signal), buffers freed.</summary>
    private bool DestroyGroup(PanthorFile pf, uint handle)
    {
        if (!pf.Groups.Remove(handle, out var group)) return false;
        group.Destroyed = true;
        foreach (var job in group.Jobs)
        {
            jobs.Remove(job);
            job.Done.Signal();
        }
        group.Jobs.Clear();
        foreach (var bo in group.KernelBos) bo.Destroy();
        group.Vm.Put();
        return true;
    }

    private static Errno GroupGetState(PanthorFile pf, ref drm_panthor_group_get_state args)
    {
        if (args.pad != 0) return Errno.EINVAL;
        if (!pf.Groups.TryGetValue(args.group_handle, out var group)) return Errno.EINVAL;
        args.state = (group.TimedOut ? GroupStateTimedOut : 0) | (group.FatalQueues != 0 ? GroupStateFatalFault : 0);
        args.fatal_queues = group.FatalQueues;
        return Errno.None;
    }

    private Errno GroupSubmit(SimDrmFile file, PanthorFile pf, ref drm_panthor_group_submit args)
    {
        if (args.pad != 0) return Errno.EINVAL;
        var read = UserArrays.Read(args.queue_submits, QueueSubmitMinStride, out drm_panthor_queue_submit[] submits);
        if (read != Errno.None) return read;
        var prepared = new List<(PanthorGroup Group, uint Queue, drm_panthor_sync_op[] Syncs)>();
        foreach (var q in submits)
        {
            if (q.pad != 0 || (q.stream_size == 0) != (q.stream_addr == 0)) return Errno.EINVAL;
            if ((q.stream_addr & 63) != 0 || (q.stream_size & 7) != 0 || (q.latest_flush & 0x7f000000) != 0) return Errno.EINVAL;
            if (!pf.Groups.TryGetValue(args.group_handle, out var group)) return Errno.EINVAL;
            // group_can_run(): a dead group refuses jobs since 412a2a8fdd4e (6.12, "Fail job creation when the group is dead").
            if ((group.FatalQueues != 0 || group.TimedOut) && machine.KernelVersion >= new Version(6, 12)) return Errno.EINVAL;
            if (q.queue_index >= group.Queues.Count) return Errno.EINVAL;
            var syncRead = UserArrays.Read(q.syncs, SyncOpMinStride, out drm_panthor_sync_op[] syncs);
            if (syncRead != Errno.None) return syncRead;
            prepared.Add((group, q.queue_index, syncs));
        }
        var perJob = new List<(List<SimFence> Waits, List<drm_panthor_sync_op> Signals)>();
        foreach (var p in prepared)
        {
            var syncErrno = PrepareSyncs(file, p.Syncs, out var waits, out var signals);
            if (syncErrno != Errno.None) return syncErrno;
            perJob.Add((waits, signals));
        }
        for (int i = 0; i < prepared.Count; i++)
        {
            var job = new PanthorJob(prepared[i].Group, prepared[i].Queue, perJob[i].Waits);
            prepared[i].Group.Jobs.Add(job);
            jobs.Add(job);
            SignalAll(file, perJob[i].Signals, job.Done);
        }
        return Errno.None;
    }

    /// <summary>panthor_check_sync_op() and the syncobj lookups: signal targets must exist (EINVAL); a wait on a
    /// missing handle is ENOENT, on a syncobj without a fence at that point EINVAL.</summary>
    private static Errno PrepareSyncs(SimDrmFile file, drm_panthor_sync_op[] syncs, out List<SimFence> waits,
        out List<drm_panthor_sync_op> signals)
    {
        waits = [];
        signals = [];
        foreach (var op in syncs)
        {
            if ((op.flags & ~(SyncOpHandleTypeMask | SyncOpSignal)) != 0) return Errno.EINVAL;
            uint type = op.flags & SyncOpHandleTypeMask;
            if (type > SyncOpTimeline || (type == 0 && op.timeline_value != 0)) return Errno.EINVAL;
            if ((op.flags & SyncOpSignal) == 0) continue;
            if (!file.Syncobjs.ContainsKey(op.handle)) return Errno.EINVAL;
            signals.Add(op);
        }
        foreach (var op in syncs)
        {
            if ((op.flags & SyncOpSignal) != 0) continue;
            if (!file.Syncobjs.TryGetValue(op.handle, out var syncobj)) return Errno.ENOENT;
            var fence = op.timeline_value == 0 ? syncobj.Fence : syncobj.Points.GetValueOrDefault(op.timeline_value);
            if (fence is null) return Errno.EINVAL;
            waits.Add(fence);
        }
        return Errno.None;
    }

    private static void SignalAll(SimDrmFile file, List<drm_panthor_sync_op> signals, SimFence fence)
    {
        foreach (var op in signals)
        {
            var syncobj = file.Syncobjs[op.handle];
            if (op.timeline_value == 0) syncobj.Fence = fence;
            else syncobj.Points[op.timeline_value] = fence;
        }
    }
}
