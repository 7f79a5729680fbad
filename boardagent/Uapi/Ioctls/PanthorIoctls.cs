using HilHarness.Uapi.Panthor;
using static HilHarness.Uapi.IoctlDirection;
using static HilHarness.Uapi.IoctlNodes;

namespace HilHarness.Uapi;

/// <summary>The 17 panthor ioctls (include/uapi/drm/panthor_drm.h, Linux 7.1.3, driver version 1.8). All DRM_IOWR
/// and DRM_RENDER_ALLOW; nr = DRM_COMMAND_BASE + DRM_PANTHOR_*. The note names the driver version that added it.</summary>
public static class PanthorIoctls
{
    private const string H = "include/uapi/drm/panthor_drm.h";

    private static IoctlDefinition Def<T>(string name, byte index, string since = "1.0") where T : unmanaged
        => IoctlDefinition.Fixed<T>("DRM_IOCTL_PANTHOR_" + name, "panthor." + name.ToLowerInvariant(), ReadWrite,
            (byte)(IoctlCode.DrmCommandBase + index), Any, $"{H}; driver version {since}");

    public static readonly IoctlDefinition DevQuery = Def<drm_panthor_dev_query>("DEV_QUERY", 0);
    public static readonly IoctlDefinition VmCreate = Def<drm_panthor_vm_create>("VM_CREATE", 1);
    public static readonly IoctlDefinition VmDestroy = Def<drm_panthor_vm_destroy>("VM_DESTROY", 2);
    public static readonly IoctlDefinition VmBind = Def<drm_panthor_vm_bind>("VM_BIND", 3);
    public static readonly IoctlDefinition VmGetState = Def<drm_panthor_vm_get_state>("VM_GET_STATE", 4);
    public static readonly IoctlDefinition BoCreate = Def<drm_panthor_bo_create>("BO_CREATE", 5);
    public static readonly IoctlDefinition BoMmapOffset = Def<drm_panthor_bo_mmap_offset>("BO_MMAP_OFFSET", 6);
    public static readonly IoctlDefinition GroupCreate = Def<drm_panthor_group_create>("GROUP_CREATE", 7);
    public static readonly IoctlDefinition GroupDestroy = Def<drm_panthor_group_destroy>("GROUP_DESTROY", 8);
    public static readonly IoctlDefinition GroupSubmit = Def<drm_panthor_group_submit>("GROUP_SUBMIT", 9);
    public static readonly IoctlDefinition GroupGetState = Def<drm_panthor_group_get_state>("GROUP_GET_STATE", 10);
    public static readonly IoctlDefinition TilerHeapCreate = Def<drm_panthor_tiler_heap_create>("TILER_HEAP_CREATE", 11);
    public static readonly IoctlDefinition TilerHeapDestroy = Def<drm_panthor_tiler_heap_destroy>("TILER_HEAP_DESTROY", 12);
    public static readonly IoctlDefinition BoSetLabel = Def<drm_panthor_bo_set_label>("BO_SET_LABEL", 13, "1.4");
    public static readonly IoctlDefinition SetUserMmioOffset = Def<drm_panthor_set_user_mmio_offset>("SET_USER_MMIO_OFFSET", 14, "1.5");
    public static readonly IoctlDefinition BoSync = Def<drm_panthor_bo_sync>("BO_SYNC", 15, "1.7");
    public static readonly IoctlDefinition BoQueryInfo = Def<drm_panthor_bo_query_info>("BO_QUERY_INFO", 16, "1.7");

    public static IReadOnlyList<IoctlDefinition> All { get; } =
    [
        DevQuery, VmCreate, VmDestroy, VmBind, VmGetState, BoCreate, BoMmapOffset, GroupCreate, GroupDestroy,
        GroupSubmit, GroupGetState, TilerHeapCreate, TilerHeapDestroy, BoSetLabel, SetUserMmioOffset, BoSync,
        BoQueryInfo,
    ];
}
