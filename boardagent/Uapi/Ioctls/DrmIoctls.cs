using HilHarness.Uapi.Drm;
using static HilHarness.Uapi.IoctlDirection;
using static HilHarness.Uapi.IoctlNodes;

namespace HilHarness.Uapi;

/// <summary>The DRM core ioctls HilHarness uses (include/uapi/drm/drm.h and drm_mode.h, Linux 7.1.3;
/// node flags from drivers/gpu/drm/drm_ioctl.c).</summary>
public static class DrmIoctls
{
    private const string Drm = "include/uapi/drm/drm.h";

    public static readonly IoctlDefinition Version = IoctlDefinition.AbiDependent<drm_version>(
        "DRM_IOCTL_VERSION", "drm.version", ReadWrite, 0x00, abi => drm_version.LayoutFor(abi).Size, Any,
        Drm + "; holds size_t and pointers: 64 bytes on LP64, 36 on armhf");
    public static readonly IoctlDefinition GemClose = IoctlDefinition.Fixed<drm_gem_close>(
        "DRM_IOCTL_GEM_CLOSE", "drm.gem_close", Write, 0x09, Any, Drm + "; pad is not checked");
    public static readonly IoctlDefinition GemFlink = IoctlDefinition.Fixed<drm_gem_flink>(
        "DRM_IOCTL_GEM_FLINK", "drm.gem_flink", ReadWrite, 0x0a, Primary | Auth, Drm);
    public static readonly IoctlDefinition GemOpen = IoctlDefinition.Fixed<drm_gem_open>(
        "DRM_IOCTL_GEM_OPEN", "drm.gem_open", ReadWrite, 0x0b, Primary | Auth, Drm);
    public static readonly IoctlDefinition GetCap = IoctlDefinition.Fixed<drm_get_cap>(
        "DRM_IOCTL_GET_CAP", "drm.get_cap", ReadWrite, 0x0c, Any, Drm);
    public static readonly IoctlDefinition SetClientCap = IoctlDefinition.Fixed<drm_set_client_cap>(
        "DRM_IOCTL_SET_CLIENT_CAP", "drm.set_client_cap", Write, 0x0d, Primary, Drm);
    public static readonly IoctlDefinition PrimeHandleToFd = IoctlDefinition.Fixed<drm_prime_handle>(
        "DRM_IOCTL_PRIME_HANDLE_TO_FD", "drm.prime_handle_to_fd", ReadWrite, 0x2d, Any, Drm);
    public static readonly IoctlDefinition PrimeFdToHandle = IoctlDefinition.Fixed<drm_prime_handle>(
        "DRM_IOCTL_PRIME_FD_TO_HANDLE", "drm.prime_fd_to_handle", ReadWrite, 0x2e, Any, Drm);
    public static readonly IoctlDefinition ModeCreateDumb = IoctlDefinition.Fixed<drm_mode_create_dumb>(
        "DRM_IOCTL_MODE_CREATE_DUMB", "drm.mode_create_dumb", ReadWrite, 0xb2, Primary,
        "include/uapi/drm/drm_mode.h; render nodes refuse it with EACCES");
    public static readonly IoctlDefinition ModeMapDumb = IoctlDefinition.Fixed<drm_mode_map_dumb>(
        "DRM_IOCTL_MODE_MAP_DUMB", "drm.mode_map_dumb", ReadWrite, 0xb3, Primary, "include/uapi/drm/drm_mode.h");
    public static readonly IoctlDefinition ModeDestroyDumb = IoctlDefinition.Fixed<drm_mode_destroy_dumb>(
        "DRM_IOCTL_MODE_DESTROY_DUMB", "drm.mode_destroy_dumb", ReadWrite, 0xb4, Primary, "include/uapi/drm/drm_mode.h");
    public static readonly IoctlDefinition SyncobjCreate = IoctlDefinition.Fixed<drm_syncobj_create>(
        "DRM_IOCTL_SYNCOBJ_CREATE", "drm.syncobj_create", ReadWrite, 0xbf, Any, Drm + "; EOPNOTSUPP without DRIVER_SYNCOBJ");
    public static readonly IoctlDefinition SyncobjDestroy = IoctlDefinition.Fixed<drm_syncobj_destroy>(
        "DRM_IOCTL_SYNCOBJ_DESTROY", "drm.syncobj_destroy", ReadWrite, 0xc0, Any, Drm);
    public static readonly IoctlDefinition SyncobjHandleToFd = IoctlDefinition.Fixed<drm_syncobj_handle>(
        "DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD", "drm.syncobj_handle_to_fd", ReadWrite, 0xc1, Any, Drm);
    public static readonly IoctlDefinition SyncobjFdToHandle = IoctlDefinition.Fixed<drm_syncobj_handle>(
        "DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE", "drm.syncobj_fd_to_handle", ReadWrite, 0xc2, Any, Drm);
    public static readonly IoctlDefinition SyncobjWait = IoctlDefinition.Fixed<drm_syncobj_wait>(
        "DRM_IOCTL_SYNCOBJ_WAIT", "drm.syncobj_wait", ReadWrite, 0xc3, Any,
        Drm + "; timeout_nsec is absolute CLOCK_MONOTONIC");
    public static readonly IoctlDefinition SyncobjReset = IoctlDefinition.Fixed<drm_syncobj_array>(
        "DRM_IOCTL_SYNCOBJ_RESET", "drm.syncobj_reset", ReadWrite, 0xc4, Any, Drm);
    public static readonly IoctlDefinition SyncobjSignal = IoctlDefinition.Fixed<drm_syncobj_array>(
        "DRM_IOCTL_SYNCOBJ_SIGNAL", "drm.syncobj_signal", ReadWrite, 0xc5, Any, Drm);
    public static readonly IoctlDefinition SyncobjTimelineWait = IoctlDefinition.Fixed<drm_syncobj_timeline_wait>(
        "DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT", "drm.syncobj_timeline_wait", ReadWrite, 0xca, Any, Drm);
    public static readonly IoctlDefinition SyncobjQuery = IoctlDefinition.Fixed<drm_syncobj_timeline_array>(
        "DRM_IOCTL_SYNCOBJ_QUERY", "drm.syncobj_query", ReadWrite, 0xcb, Any, Drm);
    public static readonly IoctlDefinition SyncobjTransfer = IoctlDefinition.Fixed<drm_syncobj_transfer>(
        "DRM_IOCTL_SYNCOBJ_TRANSFER", "drm.syncobj_transfer", ReadWrite, 0xcc, Any, Drm);
    public static readonly IoctlDefinition SyncobjTimelineSignal = IoctlDefinition.Fixed<drm_syncobj_timeline_array>(
        "DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL", "drm.syncobj_timeline_signal", ReadWrite, 0xcd, Any, Drm);
    public static readonly IoctlDefinition SetClientName = IoctlDefinition.Fixed<drm_set_client_name>(
        "DRM_IOCTL_SET_CLIENT_NAME", "drm.set_client_name", ReadWrite, 0xd1, Any, Drm + "; since 6.13");
    public static readonly IoctlDefinition GemChangeHandle = IoctlDefinition.Fixed<drm_gem_change_handle>(
        "DRM_IOCTL_GEM_CHANGE_HANDLE", "drm.gem_change_handle", ReadWrite, 0xd2, Any, Drm + "; since 6.17");

    public static IReadOnlyList<IoctlDefinition> All { get; } =
    [
        Version, GemClose, GemFlink, GemOpen, GetCap, SetClientCap, PrimeHandleToFd, PrimeFdToHandle, ModeCreateDumb,
        ModeMapDumb, ModeDestroyDumb, SyncobjCreate, SyncobjDestroy, SyncobjHandleToFd, SyncobjFdToHandle, SyncobjWait,
        SyncobjReset, SyncobjSignal, SyncobjTimelineWait, SyncobjQuery, SyncobjTransfer, SyncobjTimelineSignal,
        SetClientName, GemChangeHandle,
    ];
}
