using HilHarness.Uapi;

namespace HilHarness.SimKernel.Core;

/// <summary>
/// A simulated DRM driver (struct drm_driver) as the simulated DRM core sees it. The core handles every core ioctl
/// (VERSION, GET_CAP, GEM_CLOSE, FLINK/OPEN, PRIME, dumb, syncobj) and the node permission checks, and passes
/// driver ioctls (nr ≥ 0x40) here with the argument zero-extended to the size the kernel expects.
/// </summary>
public interface ISimDriver
{
    /// <summary>DRM_IOCTL_VERSION name: "vc4" or "panthor".</summary>
    string Name { get; }

    /// <summary>Whether the driver exposes a render node (/dev/dri/renderD128).</summary>
    bool HasRenderNode { get; }

    /// <summary>DRIVER_MODESET: KMS caps and dumb buffers (vc4 yes; panthor is render-only).</summary>
    bool Modeset { get; }

    /// <summary>DRM_CAP_SYNCOBJ_TIMELINE (panthor 1, vc4 0).</summary>
    bool SupportsTimelineSyncobj { get; }

    /// <summary>The driver's ioctls, for the core's nr lookup and node checks.</summary>
    IReadOnlyList<IoctlDefinition> Ioctls { get; }

    /// <summary>drm_driver.open: set up <see cref="SimDrmFile.DriverPrivate"/>.</summary>
    void Open(SimDrmFile file);

    /// <summary>A driver ioctl. <paramref name="arg"/> has the kernel's struct size.</summary>
    SyscallResult Ioctl(SimDrmFile file, IoctlDefinition ioctl, Span<byte> arg);

    /// <summary>drm_driver.postclose: runs when the file's last reference (fd or mapping) goes.</summary>
    void PostClose(SimDrmFile file);

    /// <summary>MODE_CREATE_DUMB (driver dumb_create): a new object, or an errno.</summary>
    SimGemObject? CreateDumb(SimDrmFile file, ulong size, out Errno errno);

    /// <summary>gem_prime_import of a foreign dma-buf of <paramref name="size"/> bytes.</summary>
    SimGemObject? ImportDmaBuf(ulong size, out Errno errno);

    /// <summary>Whether <paramref name="obj"/> may be exported (vc4 refuses shader BOs with EINVAL).</summary>
    Errno CanExport(SimGemObject obj);

    /// <summary>Whether <paramref name="obj"/> may be mapped with <paramref name="protection"/> (vc4 refuses
    /// non-WILLNEED BOs and writable shader maps with EINVAL).</summary>
    Errno CanMap(SimGemObject obj, MapProtection protection);

    /// <summary>The text of /sys/kernel/debug/dri/&lt;minor&gt;/<paramref name="name"/>, or null if this kernel
    /// has no such file.</summary>
    string? ReadDebugfs(string name);

    /// <summary>Every drm-* and driver line of /proc/self/fdinfo/N for this file (show_fdinfo, which prints
    /// drm-driver and drm-client-id itself through drm_show_fdinfo); null when the driver has no show_fdinfo (vc4),
    /// in which case only the generic pos/flags/mnt_id/ino lines appear.</summary>
    string? ShowFdinfo(SimDrmFile file);

    /// <summary>Extra files the driver backs outside debugfs (e.g. runtime PM status in sysfs), or null.</summary>
    string? ReadSysfs(string path);
}
