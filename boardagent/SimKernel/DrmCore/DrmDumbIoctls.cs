using System.Runtime.InteropServices;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>MODE_CREATE_DUMB, MODE_MAP_DUMB and MODE_DESTROY_DUMB (drivers/gpu/drm/drm_dumb_buffers.c). Drivers
/// without DRIVER_MODESET have no dumb_create here and answer ENOSYS before any argument check.</summary>
internal static class DrmDumbIoctls
{
    /// <summary>drm_mode_create_dumb(): zero or overflowing width/height/bpp → EINVAL, flags → EINVAL; pitch is
    /// ceil(width × bpp / 8), size pitch × height page-aligned; the driver allocates, the core makes the handle.</summary>
    public static Errno CreateDumb(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var dumb = ref MemoryMarshal.AsRef<drm_mode_create_dumb>(arg);
        if (!device.Driver.Modeset) return Errno.ENOSYS;
        if (dumb.width == 0 || dumb.height == 0 || dumb.bpp == 0) return Errno.EINVAL;
        if (dumb.flags != 0) return Errno.EINVAL;
        if (dumb.bpp > uint.MaxValue - 8) return Errno.EINVAL;
        uint cpp = (dumb.bpp + 7) / 8;
        if (cpp > uint.MaxValue / dumb.width) return Errno.EINVAL;
        uint stride = cpp * dumb.width;
        if (dumb.height > uint.MaxValue / stride) return Errno.EINVAL;
        uint size = dumb.height * stride;
        ulong pageSize = (ulong)device.Machine.Profile.PageSize;
        ulong alignedSize = (size + pageSize - 1) / pageSize * pageSize;
        if ((uint)alignedSize == 0) return Errno.EINVAL; // PAGE_ALIGN wrapped around in 32 bits
        dumb.handle = 0;
        dumb.pitch = 0;
        dumb.size = 0;
        var obj = device.Driver.CreateDumb(file.File, alignedSize, out var errno);
        if (obj is null) return errno == Errno.None ? Errno.ENOMEM : errno;
        dumb.handle = file.File.CreateHandle(obj, reuseExisting: false);
        obj.Put(); // the handle now owns the object (drm_gem_handle_create, then put of the creation reference)
        dumb.pitch = stride;
        dumb.size = alignedSize;
        return Errno.None;
    }

    /// <summary>drm_gem_dumb_map_offset(): ENOENT for an unknown handle, EINVAL for an imported object.</summary>
    public static Errno MapDumb(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var map = ref MemoryMarshal.AsRef<drm_mode_map_dumb>(arg);
        if (!device.Driver.Modeset) return Errno.ENOSYS;
        var obj = file.File.Lookup(map.handle);
        if (obj is null) return Errno.ENOENT;
        if (obj.Imported) return Errno.EINVAL;
        map.offset = device.Machine.AssignMmapOffset(obj);
        return Errno.None;
    }

    /// <summary>drm_mode_destroy_dumb_ioctl(): a handle delete, EINVAL for an unknown handle.</summary>
    public static Errno DestroyDumb(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var destroy = ref MemoryMarshal.AsRef<drm_mode_destroy_dumb>(arg);
        if (!device.Driver.Modeset) return Errno.ENOSYS;
        return device.DeleteHandle(file.File, destroy.handle) ? Errno.None : Errno.EINVAL;
    }
}
