using System.Collections.Immutable;
using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Drm;

/// <summary>
/// The DRM-core specification shared by vgem and virtio-gpu (drm_ioctl.c, drm_gem.c, drm_prime.c, drm_dumb_buffers.c,
/// drm_syncobj.c): VERSION, GET_CAP, GEM handles and GEM_CLOSE, PRIME, dumb buffers and their mmap, syncobjs, and the
/// render node's refusals. Driver- and version-aware through <see cref="DrmCoreDriver"/> and
/// <see cref="BoardSemantics"/>; shares no code with the simulated kernel.
/// </summary>
public static class DrmCoreModel
{
    public static readonly ImmutableHashSet<string> Ops =
    [
        "open", "close", "observe", "mmap", "munmap", "map.write", "map.read",
        "drm.version", "drm.get_cap", "drm.gem_close", "drm.mode_create_dumb", "drm.mode_map_dumb", "drm.mode_destroy_dumb",
        "drm.prime_handle_to_fd", "drm.prime_fd_to_handle",
        "drm.syncobj_create", "drm.syncobj_destroy", "drm.syncobj_wait", "drm.syncobj_signal", "drm.syncobj_reset",
    ];

    /// <summary>drm_core fdinfo (drm-driver, drm-client-id, …) comes from drm_show_fdinfo, added in 6.5.</summary>
    private static readonly Version CommonFdinfo = new(6, 5);

    public static (ModelState, StepPrediction) Apply(DrmCoreState s, ModelOp op)
    {
        var (next, p) = op.Op switch
        {
            "open" => Open(s, op),
            "close" => Close(s, op),
            "observe" => (s, Success(op.Op)),
            "drm.version" => (s, Version(s, op)),
            "drm.get_cap" => (s, GetCap(s, op)),
            "mmap" or "munmap" or "map.write" or "map.read" => DrmCoreMemory.Apply(s, op, FileOf(s, op, allowMissing: true)),
            "drm.syncobj_create" or "drm.syncobj_destroy" or "drm.syncobj_wait" or "drm.syncobj_signal" or "drm.syncobj_reset" =>
                DrmCoreSyncobjs.Apply(s, op, FileOf(s, op)),
            _ when op.Op.StartsWith("drm.", StringComparison.Ordinal) && Ops.Contains(op.Op) => DrmCoreGem.Apply(s, op, FileOf(s, op)),
            _ => throw new ArgumentException($"the DRM-core model does not know op '{op.Op}'"),
        };
        return (next, p.WithObservation(Fdinfo(next)));
    }

    /// <summary>The file an op runs on; an op built by a scenario always names one it opened.</summary>
    internal static DrmCoreFile FileOf(DrmCoreState s, ModelOp op, bool allowMissing = false)
    {
        if (op.Sym("fd") is { } name && s.Files.TryGetValue(name, out var file))
            return file;
        if (allowMissing)
            return DrmCoreFile.Opened("", render: false);
        throw new ArgumentException($"op {op}: fd must name a DRM file this scenario opened and has not closed");
    }

    private static (DrmCoreState, StepPrediction) Open(DrmCoreState s, ModelOp op)
    {
        string name = op.Produces ?? throw new ArgumentException($"op {op}: open must produce a file symbol");
        bool render = op.Arg("node")?.Text == "render";
        return (s with { Files = s.Files.SetItem(name, DrmCoreFile.Opened(name, render)), ObservedFile = s.ObservedFile ?? name },
            Success(op.Op).WithOut("fd", new RangeValue(0, int.MaxValue)));
    }

    /// <summary>Closing a DRM file deletes its handles (drm_gem_release) and syncobjs; closing a dma-buf fd drops the
    /// dma-buf's reference on its object.</summary>
    private static (DrmCoreState, StepPrediction) Close(DrmCoreState s, ModelOp op)
    {
        string target = op.RequireSym("fd");
        if (s.Files.ContainsKey(target))
            return ((s with { Files = s.Files.Remove(target) }).Collect(), Success(op.Op));
        if (s.DmaBufs.ContainsKey(target))
            return ((s with { DmaBufs = s.DmaBufs.Remove(target) }).Collect(), Success(op.Op));
        return (s, Fail(op.Op, Errno.EBADF));
    }

    /// <summary>VERSION answers the driver's name and version; the name is checked through its length, the only part
    /// an integer comparison can see, and the version numbers exactly.</summary>
    private static StepPrediction Version(DrmCoreState s, ModelOp op) => Success(op.Op)
        .WithOut("version_major", new ExactValue((ulong)s.Sem.DriverVersion.Major))
        .WithOut("version_minor", new ExactValue((ulong)s.Sem.DriverVersion.Minor))
        .WithOut("version_patchlevel", new ExactValue((ulong)Math.Max(0, s.Sem.DriverVersion.Build)))
        .WithOut("name_len", new ExactValue((ulong)s.Driver.Name.Length));

    /// <summary>drm_getcap: a few caps for every driver, then EOPNOTSUPP for everything else on a driver without
    /// DRIVER_MODESET, then the KMS caps, and EINVAL for a cap nobody knows.</summary>
    private static StepPrediction GetCap(DrmCoreState s, ModelOp op)
    {
        ulong cap = (ulong)op.Num("capability");
        ulong? common = cap switch
        {
            DrmCaps.TimestampMonotonic => 1,
            DrmCaps.Prime => DrmCaps.PrimeImport | DrmCaps.PrimeExport,
            DrmCaps.Syncobj => s.Driver.HasSyncobj(s.Sem.Kernel) ? 1UL : 0UL,
            _ => null,
        };
        if (common is { } value)
            return Success(op.Op).WithOut("value", new ExactValue(value));
        if (!s.Driver.Modeset)
            return Fail(op.Op, Errno.EOPNOTSUPP);
        return cap switch
        {
            DrmCaps.DumbBuffer or DrmCaps.CrtcInVblankEvent => Success(op.Op).WithOut("value", new ExactValue(1)),
            _ => Fail(op.Op, Errno.EINVAL),
        };
    }

    /// <summary>drm-* fdinfo keys need drm_show_fdinfo (6.5+) and a driver that hooks it into its fops; before 6.5 the
    /// file shows only pos/flags/mnt_id/ino (seen on the lane's 6.1).</summary>
    private static ObservationExpectation Fdinfo(DrmCoreState s) => s.Sem.Kernel < CommonFdinfo
        ? new NotObservable("fdinfo", $"drm-* fdinfo keys come from drm_show_fdinfo (6.5+); this kernel is {s.Sem.Kernel}, whose fdinfo has only pos/flags/mnt_id/ino")
        : new NotObservable("fdinfo", $"whether {s.Driver.Name} hooks drm_show_fdinfo into its fops on {s.Sem.Kernel} is not in this model (no memory-stats keys are predicted)");
}
