using System.Runtime.InteropServices;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>GEM_CLOSE, GEM_FLINK, GEM_OPEN and GEM_CHANGE_HANDLE (drivers/gpu/drm/drm_gem.c).</summary>
internal static class DrmGemIoctls
{
    /// <summary>drm_gem_close_ioctl(): EINVAL for an unknown handle; pad is not checked.</summary>
    public static Errno GemClose(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var close = ref MemoryMarshal.AsRef<drm_gem_close>(arg);
        return device.DeleteHandle(file.File, close.handle) ? Errno.None : Errno.EINVAL;
    }

    /// <summary>drm_gem_flink_ioctl(): ENOENT for an unknown handle; the same name every time.</summary>
    public static Errno GemFlink(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var flink = ref MemoryMarshal.AsRef<drm_gem_flink>(arg);
        var obj = file.File.Lookup(flink.handle);
        if (obj is null) return Errno.ENOENT;
        flink.name = device.Flink(obj);
        return Errno.None;
    }

    /// <summary>drm_gem_open_ioctl(): ENOENT for an unknown name; always a new handle.</summary>
    public static Errno GemOpen(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var open = ref MemoryMarshal.AsRef<drm_gem_open>(arg);
        var obj = device.FindFlink(open.name);
        if (obj is null) return Errno.ENOENT;
        open.handle = file.File.CreateHandle(obj, reuseExisting: false);
        open.size = obj.Size;
        return Errno.None;
    }

    /// <summary>drm_gem_change_handle_ioctl() (6.17): ENOENT for an unknown handle, a no-op onto itself, EINVAL
    /// for a new handle beyond INT_MAX or 0, ENOSPC when the new handle is taken.</summary>
    public static Errno GemChangeHandle(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var change = ref MemoryMarshal.AsRef<drm_gem_change_handle>(arg);
        if (file.File.Lookup(change.handle) is null) return Errno.ENOENT;
        if (change.handle == change.new_handle) return Errno.None;
        if (change.new_handle is 0 or > int.MaxValue) return Errno.EINVAL;
        return file.File.ChangeHandle(change.handle, change.new_handle) ? Errno.None : Errno.ENOSPC;
    }
}
