using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using HilHarness.BoardAgent.Layout;
using HilHarness.BoardAgent.Protocol;
using HilHarness.Uapi;
using HilHarness.Uapi.Panthor;

namespace HilHarness.BoardAgent.Clients;

/// <summary>
/// The 17 panthor ioctls (include/uapi/drm/panthor_drm.h, Linux 7.1.3), one table row each: DEV_QUERY with its
/// size negotiation, obj_arrays with stride for VM_BIND / GROUP_CREATE / GROUP_SUBMIT / BO_SYNC, labels.
/// </summary>
public static class PanthorClient
{
    /// <summary>Largest DEV_QUERY payload the agent allocates (the real ones are ≤ 112 bytes).</summary>
    private const int MaxQueryBytes = 64 * 1024;

    private static readonly StructShape ObjArrayShape = StructShape.Of<drm_panthor_obj_array>();
    private static readonly StructShape SyncOpShape = StructShape.Of<drm_panthor_sync_op>();

    /// <summary>DEV_QUERY types by <c>enum drm_panthor_dev_query_type</c> value.</summary>
    private static readonly StructShape[] QueryShapes =
    [
        StructShape.Of<drm_panthor_gpu_info>(),
        StructShape.Of<drm_panthor_csif_info>(),
        StructShape.Of<drm_panthor_timestamp_info>(),
        StructShape.Of<drm_panthor_group_priorities_info>(),
    ];

    private static readonly IoctlShapeRules WithSyncs =
        new IoctlShapeRules().Hook("syncs", ArgHooks.ObjArray("syncs", SyncOpShape, IoctlShapeRules.None));

    public static IReadOnlyList<IoctlOp> Ops { get; } =
    [
        Plain<drm_panthor_dev_query>(PanthorIoctls.DevQuery)
            .Hook("size_only", Option).Hook("info", Option).WithSequence(DevQuery).WithExtraOut(DevQueryInfo),
        Plain<drm_panthor_vm_create>(PanthorIoctls.VmCreate),
        Plain<drm_panthor_vm_destroy>(PanthorIoctls.VmDestroy),
        WithArray<drm_panthor_vm_bind>(PanthorIoctls.VmBind, "ops",
            StructShape.Of<drm_panthor_vm_bind_op>(ObjArrayShape), WithSyncs),
        Plain<drm_panthor_vm_get_state>(PanthorIoctls.VmGetState),
        Plain<drm_panthor_bo_create>(PanthorIoctls.BoCreate),
        Plain<drm_panthor_bo_mmap_offset>(PanthorIoctls.BoMmapOffset),
        WithArray<drm_panthor_group_create>(PanthorIoctls.GroupCreate, "queues",
            StructShape.Of<drm_panthor_queue_create>(), IoctlShapeRules.None),
        Plain<drm_panthor_group_destroy>(PanthorIoctls.GroupDestroy),
        WithArray<drm_panthor_group_submit>(PanthorIoctls.GroupSubmit, "queue_submits",
            StructShape.Of<drm_panthor_queue_submit>(ObjArrayShape), WithSyncs),
        Plain<drm_panthor_group_get_state>(PanthorIoctls.GroupGetState),
        Plain<drm_panthor_tiler_heap_create>(PanthorIoctls.TilerHeapCreate),
        Plain<drm_panthor_tiler_heap_destroy>(PanthorIoctls.TilerHeapDestroy),
        Plain<drm_panthor_bo_set_label>(PanthorIoctls.BoSetLabel).Hook("label", ArgHooks.CString("label", null)),
        Plain<drm_panthor_set_user_mmio_offset>(PanthorIoctls.SetUserMmioOffset),
        WithArray<drm_panthor_bo_sync>(PanthorIoctls.BoSync, "ops",
            StructShape.Of<drm_panthor_bo_sync_op>(), IoctlShapeRules.None),
        Plain<drm_panthor_bo_query_info>(PanthorIoctls.BoQueryInfo),
    ];

    private static IoctlOp Plain<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(
        IoctlDefinition definition) where T : unmanaged => new(definition, StructShape.Of<T>());

    private static IoctlOp WithArray<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(
        IoctlDefinition definition, string field, StructShape element, IoctlShapeRules elementRules) where T : unmanaged =>
        new IoctlOp(definition, StructShape.Of<T>(ObjArrayShape)).Hook(field, ArgHooks.ObjArray(field, element, elementRules));

    /// <summary>Args that steer the query rather than fill a field.</summary>
    private static void Option(StructFill target, JsonElement value, string path)
    {
        if (path == "size_only") JsonArgs.Bool(value, path);
        else JsonArgs.RequireObject(value, path);
        target.Call.Options[path] = value;
    }

    /// <summary>
    /// The size negotiation of panthor_ioctl_dev_query: pointer 0 returns the size; then the agent allocates that
    /// much and queries again. Given <c>pointer</c> or <c>size</c> args are sent as they are (one call).
    /// </summary>
    private static SyscallResult DevQuery(IoctlCall call)
    {
        bool sizeOnly = call.Options.TryGetValue("size_only", out var so) && so.GetBoolean();
        if (call.Top.IsExplicit("pointer")) return call.Invoke();
        if (!call.Top.IsExplicit("size"))
        {
            var first = call.Invoke();
            if (!first.Ok || sizeOnly) return first;
        }
        else if (sizeOnly) return call.Invoke();
        int size = (int)Math.Min(call.Read("size"), MaxQueryBytes);
        var buffer = call.Allocate(size, "info");
        if (call.Options.TryGetValue("info", out var info) && QueryShape(call) is { } shape)
        {
            var scratch = new byte[shape.Size];
            var fill = new StructFill(call);
            fill.Reset(shape, scratch);
            fill.Fill(info, "info.", IoctlShapeRules.None, skip: null);
            scratch.AsSpan(0, Math.Min(size, scratch.Length)).CopyTo(buffer.Span);
        }
        call.Top.Set("pointer", (ulong)buffer.Address);
        return call.Invoke();
    }

    private static StructShape? QueryShape(IoctlCall call)
    {
        ulong type = call.Read("type");
        return type < (ulong)QueryShapes.Length ? QueryShapes[type] : null;
    }

    private static void DevQueryInfo(IoctlCall call, Utf8JsonWriter writer)
    {
        var buffer = call.Named("info");
        if (buffer is null || !call.Result.Ok || QueryShape(call) is not { } shape) return;
        var padded = new byte[shape.Size];
        buffer.Span[..Math.Min(buffer.Length, shape.Size)].CopyTo(padded);
        writer.WritePropertyName("info"u8);
        StructJson.WriteObject(writer, padded, shape);
    }
}
