using System.Collections.Immutable;
using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Vc4;

/// <summary>
/// The vc4 specification: ioctl results and lifetimes from kernel-facts A.4 (bin BO owners), A.8 (labels, cache),
/// A.9 (madvise), A.10 (labels), A.11 (errors of the other ioctls).
/// </summary>
public static class Vc4Model
{
    public static readonly ImmutableHashSet<string> Ops =
    [
        "open", "close", "mmap", "munmap", "observe", "sim.advance", "sim.complete_jobs", "sim.suspend", "sim.resume",
        "drm.gem_close", "drm.mode_create_dumb", "vc4.create_bo", "vc4.create_shader_bo", "vc4.mmap_bo", "vc4.label_bo",
        "vc4.gem_madvise", "vc4.submit_cl", "vc4.wait_seqno", "vc4.wait_bo", "vc4.get_param", "vc4.set_tiling",
        "vc4.get_tiling", "vc4.get_hang_state", "vc4.perfmon_create", "sim.inject",
    ];

    /// <summary>DRM_FORMAT_MOD_BROADCOM_VC4_T_TILED: fourcc_mod_code(BROADCOM = 0x07, 1).</summary>
    public const ulong TTiledModifier = (7UL << 56) | 1;

    public static (ModelState, StepPrediction) Apply(Vc4State s, ModelOp op) =>
        TryApply(s, op, out string? refusal) ?? throw new InvalidOperationException($"op {op}: {refusal}");

    /// <summary><see cref="Apply"/>, or null with the reason when the model refuses to predict the op's outcome (an
    /// allocation under CMA exhaustion it cannot know); argument errors still throw.</summary>
    public static (ModelState, StepPrediction)? TryApply(Vc4State s, ModelOp op, out string? refusal)
    {
        var (next, prediction) = ApplyOp(Vc4Lifetimes.Evict(s), op);
        refusal = Vc4Cma.Refusal(prediction) ?? Vc4Hang.Refusal(prediction);
        if (refusal is not null) return null;
        return (next, prediction.WithObservation(Vc4Observations.BoStats(next)));
    }

    /// <summary>Whether <paramref name="op"/> either needs no file or names one that is open: <see cref="Apply"/>
    /// refuses it otherwise, and a generator asks first rather than catch that refusal for every proposal.</summary>
    public static bool NamesOpenFileIfNeeded(Vc4State s, ModelOp op) =>
        op.Op is "open" or "observe" or "munmap" || op.Op.StartsWith("sim.", StringComparison.Ordinal)
        || (op.Sym("fd") is { } file && s.Files.TryGetValue(file, out var f) && f.FdOpen);

    private static (Vc4State, StepPrediction) ApplyOp(Vc4State s, ModelOp op)
    {
        string? file = op.Sym("fd");
        if (!NamesOpenFileIfNeeded(s, op))
            throw new ArgumentException($"op {op}: fd must name a file this scenario opened and has not closed");
        return op.Op switch
        {
            "open" => Open(s, op),
            "close" => Close(s, file!),
            "observe" => (s, Success(op.Op)),
            "sim.advance" => Advance(s, op, s.NowMs + op.Num("ms") + op.Num("ns") / 1_000_000),
            "sim.complete_jobs" => (Vc4SubmitModel.CompleteAll(s), Success(op.Op)),
            "sim.suspend" => (Vc4Power.SuspendNow(s), Success(op.Op)),
            "sim.resume" => (Vc4Power.ResumeNow(s), Success(op.Op)),
            "sim.inject" => op.Arg("kind")?.Text == "gpu-hang" ? Vc4Hang.Plan(s, op) : Vc4Cma.Inject(s, op),
            "vc4.create_bo" => CreateBo(s, op, file!),
            "vc4.create_shader_bo" => CreateShaderBo(s, op, file!),
            "drm.mode_create_dumb" => CreateDumb(s, op, file!),
            "drm.gem_close" => GemClose(s, op, file!),
            "vc4.mmap_bo" => MmapBo(s, op, file!),
            "mmap" => Mmap(s, op, file!),
            "munmap" => Munmap(s, op),
            "vc4.label_bo" => Vc4BoModel.Label(s, op, file!),
            "vc4.gem_madvise" => Vc4BoModel.Madvise(s, op, file!),
            "vc4.set_tiling" => Vc4BoModel.SetTiling(s, op, file!),
            "vc4.get_tiling" => Vc4BoModel.GetTiling(s, op, file!),
            "vc4.get_param" => Vc4BoModel.GetParam(s, op),
            "vc4.get_hang_state" => Vc4Hang.GetHangState(s, op, file!),
            "vc4.perfmon_create" => (s with { Perfmons = s.Perfmons.SetItem(op.Produces!, file!) },
                Success(op.Op).WithOut("id", new RangeValue(1, uint.MaxValue))),
            "vc4.submit_cl" => Vc4SubmitModel.Submit(s, op, file!),
            "vc4.wait_seqno" => Vc4SubmitModel.WaitSeqno(s, op),
            "vc4.wait_bo" => Vc4SubmitModel.WaitBo(s, op, file!),
            _ => throw new ArgumentException($"the vc4 model does not know op '{op.Op}'"),
        };
    }

    private static (Vc4State, StepPrediction) Advance(Vc4State s, ModelOp op, long targetMs) =>
        Vc4Hang.ClockRefusal(s, targetMs) is { } refused ? (s, refused) : (Vc4Power.AdvanceTo(s, targetMs), Success(op.Op));

    private static (Vc4State, StepPrediction) Open(Vc4State s, ModelOp op)
    {
        string name = op.Produces ?? throw new ArgumentException($"op {op}: open must produce a file symbol");
        return (s with { Files = s.Files.SetItem(name, new Vc4File(name, true, 0, false)), ObservedFile = s.ObservedFile ?? name },
            Success(op.Op).WithOut("fd", new RangeValue(0, int.MaxValue)));
    }

    private static (Vc4State, StepPrediction) Close(Vc4State s, string file)
    {
        s = s with { Files = s.Files.SetItem(file, s.Files[file] with { FdOpen = false }) };
        // A live mmap holds the struct file: postclose waits for the last munmap (kernel-facts A.4).
        return (s.Files[file].Alive ? s : Vc4Lifetimes.PostClose(s, file), Success("close"));
    }

    private static (Vc4State, StepPrediction) CreateBo(Vc4State s, ModelOp op, string file)
    {
        // The per-file reference is taken before the BO is created, so size 0 keeps it (kernel-facts A.4, A.2 v7).
        if (GrabForFile(s, op, file) is { } refused) return refused;
        s = Vc4Lifetimes.GrabForFile(s, file);
        long size = op.Num("size");
        if (size == 0) return (s, Fail(op.Op, Errno.EINVAL));
        return NewBo(s, op, file, "V3D", size, shader: false);
    }

    private static (Vc4State, StepPrediction) CreateShaderBo(Vc4State s, ModelOp op, string file)
    {
        long size = op.Arg("size")?.Number ?? op.Arg("data")?.DecodeBytes().Length ?? 0;
        // Argument checks come before the grab and take nothing (kernel-facts A.4).
        if (size == 0 || size % 8 != 0 || op.Num("flags") != 0 || op.Num("pad") != 0) return (s, Fail(op.Op, Errno.EINVAL));
        if (GrabForFile(s, op, file) is { } refused) return refused;
        s = Vc4Lifetimes.GrabForFile(s, file);
        return NewBo(s, op, file, "V3D shader", size, shader: true);
    }

    private static (Vc4State, StepPrediction) CreateDumb(Vc4State s, ModelOp op, string file)
    {
        // vc4_bo_dumb_create: pitch at least width × bpp / 8, size = pitch × height; takes no bin BO reference.
        long minPitch = (op.Num("width") * op.Num("bpp") + 7) / 8;
        long pitch = Math.Max(op.Num("pitch"), minPitch);
        var (next, p) = NewBo(s, op, file, "dumb", pitch * op.Num("height"), shader: false);
        return (next, Vc4Cma.Refusal(p) is null ? p.WithOut("pitch", new ExactValue((ulong)pitch)) : p);
    }

    /// <summary>With CMA full, a grab that has to allocate the bin BO fails and marks nothing: vc4_v3d_bin_bo_get sets
    /// the owner's flag only on success (kernel-facts A.2, v8 → v9). Null when the grab goes ahead.</summary>
    private static (Vc4State, StepPrediction)? GrabForFile(Vc4State s, ModelOp op, string file)
    {
        bool allocates = !s.Sem.Vc4BinBoAtProbe && !s.Files[file].BinBoUsed && !s.BinBo.Exists;
        return allocates && Vc4Cma.Allocation(s, op) is { } failed ? (s, failed) : null;
    }

    private static (Vc4State, StepPrediction) NewBo(Vc4State s, ModelOp op, string file, string label, long size, bool shader)
    {
        if (Vc4Cma.Allocation(s, op) is { } failed) return (s, failed);
        string bo = op.Produces ?? throw new ArgumentException($"op {op}: a BO-creating op must produce a BO symbol");
        int pages = (int)((size + s.Sem.PageSize - 1) / s.Sem.PageSize);
        s = Vc4Lifetimes.TakeFromCache(s, pages);
        var created = new Vc4Bo(bo, file, label, pages, Vc4Madv.WillNeed, 0, true, 0, shader, 0);
        return (s with { Bos = s.Bos.SetItem(bo, created) }, Success(op.Op).WithOut("handle", new RangeValue(1, uint.MaxValue)));
    }

    private static (Vc4State, StepPrediction) GemClose(Vc4State s, ModelOp op, string file)
    {
        var bo = s.Handle(file, op.Sym("handle"));
        if (bo is null) return (s, Fail(op.Op, Errno.EINVAL));
        s = s with { Bos = s.Bos.SetItem(bo.Symbol, bo with { HandleOpen = false }) };
        return (Vc4Lifetimes.FreeIfUnreferenced(s, bo.Symbol), Success(op.Op));
    }

    private static (Vc4State, StepPrediction) MmapBo(Vc4State s, ModelOp op, string file)
    {
        var bo = s.Handle(file, op.Sym("handle"));
        if (bo is null) return (s, Fail(op.Op, Errno.EINVAL));   // kernel-facts A.11: -EINVAL, not -ENOENT
        var next = op.Produces is null ? s : s with { MmapOffsets = s.MmapOffsets.SetItem(op.Produces, bo.Symbol) };
        return (next, Success(op.Op).WithOut("offset", new AlignedValue((ulong)s.Sem.PageSize)));
    }

    private static (Vc4State, StepPrediction) Mmap(Vc4State s, ModelOp op, string file)
    {
        string offset = op.RequireSym("offset");
        var bo = s.Bos[s.MmapOffsets[offset]];
        bool writable = op.Arg("prot")?.Text != "r";
        // vc4_gem_object_mmap: only WILLNEED BOs, and never a writable map of a shader BO (kernel-facts A.9).
        if (bo.Madv != Vc4Madv.WillNeed || (bo.Shader && writable)) return (s, Fail(op.Op, Errno.EINVAL));
        string map = op.Produces ?? throw new ArgumentException($"op {op}: mmap must produce a map symbol");
        s = s with
        {
            Bos = s.Bos.SetItem(bo.Symbol, bo with { Mappings = bo.Mappings + 1 }),
            Files = s.Files.SetItem(file, s.Files[file] with { Mappings = s.Files[file].Mappings + 1 }),
            Maps = s.Maps.SetItem(map, new Vc4Mapping(file, bo.Symbol)),
        };
        return (s, Success(op.Op).WithOut("map", new AnyValue()));
    }

    private static (Vc4State, StepPrediction) Munmap(Vc4State s, ModelOp op)
    {
        string map = op.RequireSym("map");
        var m = s.Maps[map];
        s = s with { Maps = s.Maps.Remove(map), Bos = s.Bos.SetItem(m.Bo, s.Bos[m.Bo] with { Mappings = s.Bos[m.Bo].Mappings - 1 }) };
        s = Vc4Lifetimes.FreeIfUnreferenced(s, m.Bo);
        var f = s.Files[m.File] with { Mappings = s.Files[m.File].Mappings - 1 };
        s = s with { Files = s.Files.SetItem(m.File, f) };
        return (f.Alive ? s : Vc4Lifetimes.PostClose(s, m.File), Success(op.Op));
    }
}
