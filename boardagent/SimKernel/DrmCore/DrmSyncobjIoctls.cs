using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>SYNCOBJ_CREATE, DESTROY, HANDLE_TO_FD, FD_TO_HANDLE, RESET and SIGNAL (drivers/gpu/drm/drm_syncobj.c).
/// Both simulated drivers have DRIVER_SYNCOBJ.</summary>
internal static class DrmSyncobjIoctls
{
    private const uint CreateSignaled = 1;
    private const uint ExportSyncFile = 1, ImportSyncFile = 1;

    /// <summary>drm_syncobj_create_ioctl(): EINVAL for flags other than CREATE_SIGNALED.</summary>
    public static Errno Create(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var create = ref MemoryMarshal.AsRef<drm_syncobj_create>(arg);
        if ((create.flags & ~CreateSignaled) != 0) return Errno.EINVAL;
        var syncobj = new SimSyncobj();
        if ((create.flags & CreateSignaled) != 0) syncobj.Fence = new SimFence(signaled: true);
        create.handle = SyncobjArguments.Install(file.File, syncobj);
        return Errno.None;
    }

    /// <summary>drm_syncobj_destroy_ioctl(): EINVAL for pad or an unknown handle.</summary>
    public static Errno Destroy(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var destroy = ref MemoryMarshal.AsRef<drm_syncobj_destroy>(arg);
        if (destroy.pad != 0) return Errno.EINVAL;
        return file.File.Syncobjs.Remove(destroy.handle) ? Errno.None : Errno.EINVAL;
    }

    /// <summary>drm_syncobj_handle_to_fd_ioctl(): pad → EINVAL, flags other than EXPORT_SYNC_FILE → EINVAL,
    /// unknown handle → ENOENT; a sync_file needs a fence (EINVAL without one).</summary>
    public static Errno HandleToFd(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var h = ref MemoryMarshal.AsRef<drm_syncobj_handle>(arg);
        if (h.pad != 0) return Errno.EINVAL;
        if (h.flags != 0 && h.flags != ExportSyncFile) return Errno.EINVAL;
        if (!file.File.Syncobjs.TryGetValue(h.handle, out var syncobj)) return Errno.ENOENT;
        SimOpenFile exported;
        if (h.flags == ExportSyncFile)
        {
            if (syncobj.Fence is null) return Errno.EINVAL;
            exported = new SyncFile(syncobj.Fence);
        }
        else
        {
            exported = new SyncobjFile(syncobj);
        }
        var result = device.Fds.Install(exported);
        if (!result.Ok) return result.Errno;
        h.fd = (int)result.Value;
        return Errno.None;
    }

    /// <summary>drm_syncobj_fd_to_handle_ioctl(): pad → EINVAL, flags other than IMPORT_SYNC_FILE → EINVAL; a
    /// syncobj file gives a new handle on the same syncobj, a sync_file replaces the fence of an existing handle.</summary>
    public static Errno FdToHandle(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var h = ref MemoryMarshal.AsRef<drm_syncobj_handle>(arg);
        if (h.pad != 0) return Errno.EINVAL;
        if (h.flags != 0 && h.flags != ImportSyncFile) return Errno.EINVAL;
        var open = device.Fds.Get(h.fd);
        if (h.flags == ImportSyncFile)
        {
            if (open is not SyncFile syncFile) return Errno.EINVAL;
            if (!file.File.Syncobjs.TryGetValue(h.handle, out var target)) return Errno.ENOENT;
            SyncobjArguments.Replace(target, syncFile.Fence);
            return Errno.None;
        }
        // A closed fd is EINVAL too: drm_syncobj_fd_to_handle reports fget failure that way.
        if (open is not SyncobjFile syncobjFile) return Errno.EINVAL;
        h.handle = SyncobjArguments.Install(file.File, syncobjFile.Syncobj);
        return Errno.None;
    }

    /// <summary>drm_syncobj_reset_ioctl(): pad or count 0 → EINVAL, then the array lookup; removes the fences.</summary>
    public static Errno Reset(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var array = ref MemoryMarshal.AsRef<drm_syncobj_array>(arg);
        if (array.pad != 0 || array.count_handles == 0) return Errno.EINVAL;
        var errno = SyncobjArguments.FindAll(file.File, array.handles, array.count_handles, out var syncobjs);
        if (errno != Errno.None) return errno;
        foreach (var syncobj in syncobjs) SyncobjArguments.Replace(syncobj, null);
        return Errno.None;
    }

    /// <summary>drm_syncobj_signal_ioctl(): pad or count 0 → EINVAL, then the array lookup; installs a signalled
    /// stub fence.</summary>
    public static Errno Signal(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var array = ref MemoryMarshal.AsRef<drm_syncobj_array>(arg);
        if (array.pad != 0 || array.count_handles == 0) return Errno.EINVAL;
        var errno = SyncobjArguments.FindAll(file.File, array.handles, array.count_handles, out var syncobjs);
        if (errno != Errno.None) return errno;
        foreach (var syncobj in syncobjs) SyncobjArguments.Replace(syncobj, new SimFence(signaled: true));
        return Errno.None;
    }
}
