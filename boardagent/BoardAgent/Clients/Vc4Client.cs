using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using HilHarness.BoardAgent.Layout;
using HilHarness.BoardAgent.Protocol;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.BoardAgent.Clients;

/// <summary>
/// The 15 vc4 ioctls (include/uapi/drm/vc4_drm.h, unchanged from 6.12 to 7.1.3), one table row each, with the
/// pointer conventions of docs/protocol.md: base64 command lists, handle arrays, labels, hang state, perfmons.
/// </summary>
public static class Vc4Client
{
    /// <summary>vc4_render_cl.c skips a surface whose hindex is ~0: the driver's "no surface".</summary>
    public const uint NoSurface = 0xffffffff;

    /// <summary>DRM_VC4_MAX_PERF_COUNTERS: GET_VALUES copies up to this many u64s.</summary>
    public const int MaxPerfCounters = 16;

    /// <summary>Most hang-state BO entries the agent allocates for GET_HANG_STATE.</summary>
    private const int MaxHangStateBos = 65536;

    private static readonly string[] Surfaces =
        ["color_read", "color_write", "zs_read", "zs_write", "msaa_color_write", "msaa_zs_write"];

    private static readonly StructShape SurfaceShape = StructShape.Of<drm_vc4_submit_rcl_surface>();
    private static readonly StructShape HangStateBoShape = StructShape.Of<drm_vc4_get_hang_state_bo>();

    public static IReadOnlyList<IoctlOp> Ops { get; } =
    [
        SubmitCl(),
        Plain<drm_vc4_wait_seqno>(Vc4Ioctls.WaitSeqno),
        Plain<drm_vc4_wait_bo>(Vc4Ioctls.WaitBo),
        Plain<drm_vc4_create_bo>(Vc4Ioctls.CreateBo),
        Plain<drm_vc4_mmap_bo>(Vc4Ioctls.MmapBo),
        Plain<drm_vc4_create_shader_bo>(Vc4Ioctls.CreateShaderBo).Hook("data", ArgHooks.Bytes("data", "size")),
        Plain<drm_vc4_get_hang_state>(Vc4Ioctls.GetHangState).WithSequence(HangState).WithExtraOut(HangStateBos),
        Plain<drm_vc4_get_param>(Vc4Ioctls.GetParam),
        Plain<drm_vc4_set_tiling>(Vc4Ioctls.SetTiling),
        Plain<drm_vc4_get_tiling>(Vc4Ioctls.GetTiling),
        Plain<drm_vc4_label_bo>(Vc4Ioctls.LabelBo)
            .Hook("name", ArgHooks.CString("name", "len"))
            .Hook("name_bytes", ArgHooks.Bytes("name", "len")),
        Plain<drm_vc4_gem_madvise>(Vc4Ioctls.GemMadvise),
        Plain<drm_vc4_perfmon_create>(Vc4Ioctls.PerfmonCreate).Hook("events", Events),
        Plain<drm_vc4_perfmon_destroy>(Vc4Ioctls.PerfmonDestroy),
        Plain<drm_vc4_perfmon_get_values>(Vc4Ioctls.PerfmonGetValues).WithSequence(PerfmonValues)
            .WithExtraOut(PerfmonValuesOut),
    ];

    private static IoctlOp Plain<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(
        IoctlDefinition definition) where T : unmanaged => new(definition, StructShape.Of<T>());

    private static IoctlOp SubmitCl()
    {
        var op = new IoctlOp(Vc4Ioctls.SubmitCl, StructShape.Of<drm_vc4_submit_cl>(SurfaceShape))
            .Hook("bin_cl", ArgHooks.Bytes("bin_cl", "bin_cl_size"))
            .Hook("shader_rec", ArgHooks.Bytes("shader_rec", "shader_rec_size"))
            .Hook("uniforms", ArgHooks.Bytes("uniforms", "uniforms_size"))
            .Hook("bo_handles", ArgHooks.U32Array("bo_handles", "bo_handle_count"))
            .WithDefaults(NoSurfaces);
        foreach (var surface in Surfaces) op.Hook(surface, Surface);
        return op;
    }

    /// <summary>A surface not given is "no surface"; one given starts from zero like any other struct.</summary>
    private static void NoSurfaces(StructFill target)
    {
        foreach (var surface in Surfaces)
            ScalarKinds.Write(target.Data, target.Shape[surface].Offset, ScalarKind.U32, NoSurface);
    }

    private static void Surface(StructFill target, JsonElement value, string path)
    {
        var field = target.Shape[path];
        target.Data.Slice(field.Offset, SurfaceShape.Size).Clear();
        StructJson.Write(target.Data, field, value, path, target.Call.Context.Refs);
    }

    private static void Events(StructFill target, JsonElement value, string path)
    {
        StructJson.Write(target.Data, target.Shape["events"], value, path, target.Call.Context.Refs);
        target.Derive("ncounters", (ulong)value.GetArrayLength());
    }

    /// <summary>The agent provides <c>bo_count</c> entries for the kernel to fill, unless <c>bo</c> is given.</summary>
    private static SyscallResult HangState(IoctlCall call)
    {
        ulong count = call.Read("bo_count");
        if (!call.Top.IsExplicit("bo") && count > 0 && count <= MaxHangStateBos)
            call.Top.Set("bo", (ulong)call.Allocate((int)count * HangStateBoShape.Size, "bos").Address);
        return call.Invoke();
    }

    private static void HangStateBos(IoctlCall call, Utf8JsonWriter writer)
    {
        var buffer = call.Named("bos");
        writer.WriteStartArray("bos"u8);
        if (buffer is not null && call.Result.Ok)
        {
            int n = (int)Math.Min(call.Read("bo_count"), (ulong)(buffer.Length / HangStateBoShape.Size));
            for (int i = 0; i < n; i++)
                StructJson.WriteObject(writer, buffer.Span[(i * HangStateBoShape.Size)..], HangStateBoShape);
        }
        writer.WriteEndArray();
    }

    private static SyscallResult PerfmonValues(IoctlCall call)
    {
        if (!call.Top.IsExplicit("values_ptr"))
            call.Top.Set("values_ptr", (ulong)call.Allocate(MaxPerfCounters * 8, "values").Address);
        return call.Invoke();
    }

    private static void PerfmonValuesOut(IoctlCall call, Utf8JsonWriter writer)
    {
        var buffer = call.Named("values");
        writer.WriteStartArray("values"u8);
        if (buffer is not null)
        {
            for (int i = 0; i < MaxPerfCounters; i++) writer.WriteNumberValue(ScalarKinds.Read(buffer.Span, i * 8, ScalarKind.U64));
        }
        writer.WriteEndArray();
    }
}
