using System.Text.Json;
using HilHarness.BoardAgent.Layout;
using HilHarness.BoardAgent.Protocol;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.BoardAgent.Clients;

/// <summary>
/// The DRM core ioctls (include/uapi/drm/drm.h and drm_mode.h, Linux 7.1.3): one table row per ioctl of
/// <see cref="DrmIoctls"/>, with the pointer conventions of docs/protocol.md.
/// </summary>
public static class DrmClient
{
    private static readonly string[] VersionStrings = ["name", "date", "desc"];

    public static IReadOnlyList<IoctlOp> Ops { get; } =
    [
        new IoctlOp(DrmIoctls.Version, StructShape.Of<drm_version>())
            .WithSequence(Version).WithExtraOut(VersionStringsOut)
            .ReplaceInOut("name").ReplaceInOut("date").ReplaceInOut("desc"),
        Plain<drm_gem_close>(DrmIoctls.GemClose),
        Plain<drm_gem_flink>(DrmIoctls.GemFlink),
        Plain<drm_gem_open>(DrmIoctls.GemOpen),
        Plain<drm_get_cap>(DrmIoctls.GetCap),
        Plain<drm_set_client_cap>(DrmIoctls.SetClientCap),
        new IoctlOp(DrmIoctls.PrimeHandleToFd, StructShape.Of<drm_prime_handle>()).Rename("fd", "obj_fd")
            .WithExtraOut(AdoptExportedFd),
        new IoctlOp(DrmIoctls.PrimeFdToHandle, StructShape.Of<drm_prime_handle>()).Rename("fd", "obj_fd"),
        Plain<drm_mode_create_dumb>(DrmIoctls.ModeCreateDumb),
        Plain<drm_mode_map_dumb>(DrmIoctls.ModeMapDumb),
        Plain<drm_mode_destroy_dumb>(DrmIoctls.ModeDestroyDumb),
        Plain<drm_syncobj_create>(DrmIoctls.SyncobjCreate),
        Plain<drm_syncobj_destroy>(DrmIoctls.SyncobjDestroy),
        new IoctlOp(DrmIoctls.SyncobjHandleToFd, StructShape.Of<drm_syncobj_handle>()).Rename("fd", "obj_fd")
            .WithExtraOut(AdoptExportedFd),
        new IoctlOp(DrmIoctls.SyncobjFdToHandle, StructShape.Of<drm_syncobj_handle>()).Rename("fd", "obj_fd"),
        new IoctlOp(DrmIoctls.SyncobjWait, StructShape.Of<drm_syncobj_wait>())
            .Hook("handles", ArgHooks.U32Array("handles", "count_handles"))
            .Hook("relative_timeout_ns", RelativeTimeout),
        new IoctlOp(DrmIoctls.SyncobjReset, StructShape.Of<drm_syncobj_array>())
            .Hook("handles", ArgHooks.U32Array("handles", "count_handles")),
        new IoctlOp(DrmIoctls.SyncobjSignal, StructShape.Of<drm_syncobj_array>())
            .Hook("handles", ArgHooks.U32Array("handles", "count_handles")),
        new IoctlOp(DrmIoctls.SyncobjTimelineWait, StructShape.Of<drm_syncobj_timeline_wait>())
            .Hook("handles", ArgHooks.U32Array("handles", "count_handles"))
            .Hook("points", ArgHooks.U64Array("points", null))
            .Hook("relative_timeout_ns", RelativeTimeout),
        new IoctlOp(DrmIoctls.SyncobjQuery, StructShape.Of<drm_syncobj_timeline_array>())
            .Hook("handles", ArgHooks.U32Array("handles", "count_handles"))
            .Hook("points", ArgHooks.U64Array("points", null, "points"))
            .WithSequence(QueryPoints).WithExtraOut(PointsOut).ReplaceInOut("points"),
        Plain<drm_syncobj_transfer>(DrmIoctls.SyncobjTransfer),
        new IoctlOp(DrmIoctls.SyncobjTimelineSignal, StructShape.Of<drm_syncobj_timeline_array>())
            .Hook("handles", ArgHooks.U32Array("handles", "count_handles"))
            .Hook("points", ArgHooks.U64Array("points", null)),
        new IoctlOp(DrmIoctls.SetClientName, StructShape.Of<drm_set_client_name>())
            .Hook("name", ArgHooks.CString("name", "name_len")),
        Plain<drm_gem_change_handle>(DrmIoctls.GemChangeHandle),
    ];

    private static IoctlOp Plain<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(
        System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields)] T>(IoctlDefinition definition)
        where T : unmanaged => new(definition, StructShape.Of<T>());

    /// <summary>The two-call dance, unless the args set a pointer themselves (then exactly what they say).</summary>
    private static SyscallResult Version(IoctlCall call)
    {
        foreach (var field in VersionStrings)
        {
            if (call.Top.IsExplicit(field) || call.Top.IsExplicit(field + "_len")) return call.Invoke();
        }
        return DrmVersionQuery.Run(call.Kernel, call.Fd, call.Top.Data,
            (index, length) => call.Allocate(length, VersionStrings[index]));
    }

    private static void VersionStringsOut(IoctlCall call, Utf8JsonWriter writer)
    {
        foreach (var field in VersionStrings)
            writer.WriteString(field, DrmVersionQuery.ReadString(call.Named(field), call.Read(field + "_len")));
    }

    /// <summary>An exported dma-buf or sync-file fd is this agent's to close or mmap, like a DRM file.</summary>
    private static void AdoptExportedFd(IoctlCall call, Utf8JsonWriter writer)
    {
        if (!call.Result.Ok) return;
        int fd = (int)call.Read("fd");
        // LinuxKernel only closes and maps descriptors it tracks; the kernel created this one for us.
        if (call.Kernel is Native.LinuxKernel linux) linux.TrackDescriptor(fd);
        call.Context.Session.AddFile(fd, $"exported by {call.Op.Name}");
    }

    private static void RelativeTimeout(StructFill target, JsonElement value, string path)
    {
        long relative = (long)JsonArgs.Scalar(value, ScalarKind.I64, path, target.Call.Context.Refs);
        target.Derive("timeout_nsec", (ulong)(target.Call.Kernel.MonotonicNs() + relative));
    }

    /// <summary>SYNCOBJ_QUERY writes points: without a points arg the agent provides count_handles of them.</summary>
    private static SyscallResult QueryPoints(IoctlCall call)
    {
        ulong count = call.Read("count_handles");
        if (!call.Top.IsExplicit("points") && count > 0 && count * 8 <= ArgHooks.MaxBufferBytes)
            call.Top.Set("points", (ulong)call.Allocate((int)count * 8, "points").Address);
        return call.Invoke();
    }

    private static void PointsOut(IoctlCall call, Utf8JsonWriter writer)
    {
        var buffer = call.Named("points");
        writer.WriteStartArray("points"u8);
        if (buffer is not null)
        {
            int n = (int)Math.Min(call.Read("count_handles"), (ulong)(buffer.Length / 8));
            for (int i = 0; i < n; i++) writer.WriteNumberValue(ScalarKinds.Read(buffer.Span, i * 8, ScalarKind.U64));
        }
        writer.WriteEndArray();
    }
}
