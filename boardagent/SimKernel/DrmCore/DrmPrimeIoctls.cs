using System.Runtime.InteropServices;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>PRIME_HANDLE_TO_FD and PRIME_FD_TO_HANDLE (drivers/gpu/drm/drm_prime.c).</summary>
internal static class DrmPrimeIoctls
{
    private const uint DrmCloexec = (uint)OpenFlags.CloseOnExec, DrmRdwr = (uint)OpenFlags.ReadWrite;

    /// <summary>drm_prime_handle_to_fd_ioctl(): flags other than DRM_CLOEXEC|DRM_RDWR → EINVAL, unknown handle →
    /// ENOENT, the driver's export check on first export; the dma-buf holds a GEM reference.</summary>
    public static Errno HandleToFd(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var prime = ref MemoryMarshal.AsRef<drm_prime_handle>(arg);
        if ((prime.flags & ~(DrmCloexec | DrmRdwr)) != 0) return Errno.EINVAL;
        var obj = file.File.Lookup(prime.handle);
        if (obj is null) return Errno.ENOENT;
        var result = device.ExportDmaBuf(obj, (OpenFlags)prime.flags);
        if (!result.Ok) return result.Errno;
        prime.fd = (int)result.Value;
        return Errno.None;
    }

    /// <summary>drm_prime_fd_to_handle_ioctl(): EBADF for a closed fd, EINVAL for a file that is no dma-buf; a
    /// dma-buf of this device gives the file's existing handle on the object or a new one.</summary>
    public static Errno FdToHandle(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var prime = ref MemoryMarshal.AsRef<drm_prime_handle>(arg);
        var open = device.Fds.Get(prime.fd);
        if (open is null) return Errno.EBADF;
        if (open is not DmaBufFile buffer) return Errno.EINVAL;
        prime.handle = file.File.CreateHandle(buffer.Object);
        return Errno.None;
    }
}
