using HilHarness.Model;
using HilHarness.Model.Vc4;
using HilHarness.Scenarios;
using HilHarness.Suites;
using static HilHarness.ModelBased.IOpProposer;

namespace HilHarness.ModelBased;

/// <summary>
/// vc4 steps (kernel-facts A.4–A.11): files, BOs of every kind incl. size 0, shader BOs, gem_close, mmap/munmap,
/// madvise, labels, the scenario DSL's minimal clear job (with or without a perfmon), job completion, the virtual
/// clock over and under the 40 ms autosuspend and the 1–3 s BO cache window, waits, runtime suspend/resume, racing first
/// CREATE_BOs on a fresh file, and on simulated boards CMA exhaustion (sim.inject cma-fill / cma-release), under which
/// the model predicts the ENOMEMs it can be sure of and refuses the rest, and GPU hangs (sim.inject gpu-hang), their
/// reset and GET_HANG_STATE.
/// </summary>
public sealed class Vc4Proposer : IOpProposer
{
    /// <summary>A handle no file ever has: the kernel must answer it with the lookup errno.</summary>
    private const long BogusHandle = 0x7ffff;
    private static readonly long[] BoSizes = [0, 4096, 16384, 65536, 1 << 20];
    /// <summary>Over and under the autosuspend, the BO cache window and a hung job's reset (6 s: past it and all it
    /// sets off).</summary>
    private static readonly long[] AdvanceMs = [1, 39, 50, 500, 1500, 2500, 3500, 6000];

    /// <summary>The cleanup's idle time: past the kernel BO cache window and past the next kmemleak scan, which
    /// reports objects lost at least 5 s before and runs every 600 s, so a leak is reported in the sequence that
    /// made it (E7), not in a later one that cannot reproduce it.</summary>
    private const long CleanupIdleMs = 610_000;
    /// <summary>Whole milliseconds: a simulated wait moves the virtual clock by exactly its timeout.</summary>
    private static readonly long[] WaitTimeoutsNs = [0, 1_000_000, 5_000_000, 100_000_000];
    private static readonly byte[] MinimalShader = Vc4BinnerCases.MinimalShader();

    public string Driver => "vc4";

    public MbtStep Propose(Random random, ModelWalk walk, Func<string, string> newSymbol)
    {
        var s = (Vc4State)walk.State;
        var files = s.Files.Values.Where(f => f.FdOpen && walk.Named.Contains(f.Name)).Select(f => f.Name).ToList();
        if (files.Count == 0 || (files.Count < 3 && random.Next(12) == 0))
            return MbtStep.Of(Op("open", newSymbol("f"), ("driver", OpArg.Str("vc4"))));
        string file = Pick(random, files);
        var fd = ("fd", OpArg.Sym(file));
        var bos = s.Bos.Values.Where(b => b.File == file && b.HandleOpen && walk.Named.Contains(b.Symbol)).ToList();
        OpArg Bo() => bos.Count == 0 || random.Next(8) == 0 ? OpArg.Of(BogusHandle) : OpArg.Sym(Pick(random, bos).Symbol);
        // A full CMA pool is given back soon: while it lasts most allocations are outside what the model can predict.
        if (s.CmaFilled && random.Next(6) == 0) return MbtStep.Of(CmaInject("cma-release"));
        // A hung job is reset only once the clock passes its hang check; a saved hang state waits for GET_HANG_STATE
        // (E7: freeing it leaked its BO array), with an array too short for it now and then.
        if (s.HungJob is not null && random.Next(4) == 0) return MbtStep.Of(Op("sim.advance", null, ("ms", OpArg.Of(6000))));
        if (s.HangState is not null && random.Next(4) == 0)
            return MbtStep.Of(GetHangState(file, random.Next(4) == 0 ? 0 : MaxHangBos));
        switch (random.Next(24))
        {
            case 0: return MbtStep.Of(Op("close", null, fd));
            case 1 or 2 or 3:
                return MbtStep.Of(Op("vc4.create_bo", newSymbol("bo"), fd, ("size", OpArg.Of(Pick(random, BoSizes)))));
            case 4: return MbtStep.Of(Op("vc4.create_shader_bo", newSymbol("sh"), fd, ("data", OpArg.Bytes(MinimalShader))));
            case 5: return MbtStep.Of(Op("drm.gem_close", null, fd, ("handle", Bo())));
            case 6: return MbtStep.Of(Op("vc4.mmap_bo", newSymbol("off"), fd, ("handle", Bo())));
            case 7:
                var offsets = s.MmapOffsets.Where(o => walk.Named.Contains(o.Key) && s.Bos.TryGetValue(o.Value, out var b) && b.File == file).ToList();
                if (offsets.Count == 0) break;
                var (offset, bo) = Pick(random, offsets);
                return MbtStep.Of(Op("mmap", newSymbol("map"), fd, ("offset", OpArg.Sym(offset)),
                    ("length", OpArg.Of(s.Bos[bo].Pages * 4096L)), ("prot", OpArg.Str(random.Next(2) == 0 ? "r" : "rw"))));
            case 8:
                var maps = s.Maps.Keys.Where(walk.Named.Contains).ToList();
                if (maps.Count == 0) break;
                return MbtStep.Of(Op("munmap", null, ("map", OpArg.Sym(Pick(random, maps)))));
            case 9 or 10:
                return MbtStep.Of(Op("vc4.gem_madvise", null, fd, ("handle", Bo()), ("madv", OpArg.Of(Pick(random, new long[] { 0, 1, 1, 2 }))),
                    ("pad", OpArg.Of(random.Next(10) == 0 ? 1 : 0))));
            case 11: return MbtStep.Of(Op("vc4.label_bo", null, fd, ("handle", Bo()), ("name", OpArg.Str(Pick(random, new[] { "mbt", "scratch" })))));
            case 12 or 13:
                return Submit(random, s, file, bos, newSymbol);
            case 14: return MbtStep.Of(Op("vc4.perfmon_create", newSymbol("pm"), fd, ("events", OpArg.List([OpArg.Of(0)]))));
            case 15 or 16: return MbtStep.Of(Op("sim.complete_jobs", null));
            case 17 or 18: return MbtStep.Of(Op("sim.advance", null, ("ms", OpArg.Of(Pick(random, AdvanceMs)))));
            case 19: return MbtStep.Of(Op(random.Next(2) == 0 ? "sim.suspend" : "sim.resume", null));
            case 21:
                var jobs = s.Jobs.Keys.Where(walk.Named.Contains).ToList();
                if (jobs.Count > 0 && random.Next(2) == 0)
                    // The seqno is the device's: any vc4 file may wait for any file's job.
                    return MbtStep.Of(Op("vc4.wait_seqno", null, fd, ("seqno", OpArg.Sym(Pick(random, jobs))),
                        ("timeout_ns", OpArg.Of(Pick(random, WaitTimeoutsNs)))));
                return MbtStep.Of(Op("vc4.wait_bo", null, fd, ("handle", Bo()), ("pad", OpArg.Of(random.Next(10) == 0 ? 1 : 0)),
                    ("timeout_ns", OpArg.Of(Pick(random, WaitTimeoutsNs)))));
            case 20:
                // E1: first CREATE_BOs racing on a file that holds no bin BO reference yet.
                if (s.Files[file].BinBoUsed) break;
                return MbtStep.Racing(random.Next(1000),
                    Op("vc4.create_bo", newSymbol("rbo"), fd, ("size", OpArg.Of(4096))),
                    Op("vc4.create_bo", newSymbol("rbo"), fd, ("size", OpArg.Of(4096))));
            case 22:
                // E2: the first CREATE_BO of a file while CMA is exhausted (kernel-facts E); real boards are never filled.
                if (!s.Sem.Simulated) break;
                return MbtStep.Of(CmaInject(s.CmaFilled ? "cma-release" : "cma-fill"));
            default:
                // E7: a GPU hang, which the hang check resets (simulated boards only, where the model predicts it).
                if (Vc4Hang.CanPlan(s) && random.Next(2) == 0)
                    return MbtStep.Of(Op("sim.inject", null, ("kind", OpArg.Str("gpu-hang"))));
                return MbtStep.Of(Op("observe", null, ("what", OpArg.List([OpArg.Str("bo_stats")]))));
        }
        return MbtStep.Of(Op("vc4.create_bo", newSymbol("bo"), fd, ("size", OpArg.Of(16384))));
    }

    private static MbtStep Submit(Random random, Vc4State s, string file, List<Vc4Bo> bos, Func<string, string> newSymbol)
    {
        // The clear job writes 64×64 RGBA: the target must hold 16 KiB (a bogus handle exercises the lookup, E8).
        var targets = bos.Where(b => b.Pages >= 4).ToList();
        var args = Vc4CommandLists.ClearJob(file, targets.Count == 0 ? "none" : Pick(random, targets).Symbol, 64, 64, 0xff00ff00);
        if (targets.Count == 0 || random.Next(10) == 0) args = args.SetItem("bo_handles", OpArg.List([OpArg.Of(BogusHandle)]));
        var perfmons = s.Perfmons.Where(p => p.Value == file).Select(p => p.Key).ToList();
        if (perfmons.Count > 0 && random.Next(2) == 0) args = args.SetItem("perfmonid", OpArg.Sym(Pick(random, perfmons)));
        return MbtStep.Of(new ModelOp("vc4.submit_cl", args, newSymbol("job")));
    }

    /// <summary>On a simulated board: suspend then resume, so the V3D is awake with its 40 ms autosuspend starting at
    /// the first step (kernel-facts A.7) whether the board is fresh or idle since the last cleanup, and before 5.3
    /// the bin BO is allocated in both cases.</summary>
    public IEnumerable<ModelOp> Prologue(BoardSemantics semantics) =>
        semantics.Simulated ? [Op("sim.suspend", null), Op("sim.resume", null)] : [];

    public IEnumerable<ModelOp> Cleanup(ModelWalk walk)
    {
        var s = (Vc4State)walk.State;
        if (s.CmaFilled) yield return CmaInject("cma-release");
        foreach (var map in s.Maps.Keys.Where(walk.Named.Contains)) yield return Op("munmap", null, ("map", OpArg.Sym(map)));
        foreach (var f in s.Files.Values.Where(f => f.FdOpen)) yield return Op("close", null, ("fd", OpArg.Sym(f.Name)));
        foreach (var op in NextClient(collectHangState: s.HangState is not null)) yield return op;
        yield return Op("sim.complete_jobs", null);
        yield return Op("sim.advance", null, ("ms", OpArg.Of(CleanupIdleMs)));
        // Leave the board as a fresh one: awake, idle from now, before 5.3 with its bin BO (see Prologue).
        yield return Op("sim.suspend", null);
        yield return Op("sim.resume", null);
    }

    /// <summary>
    /// After every client of the sequence has gone, the next client renders one frame with a performance monitor, as
    /// any process starting on the board would: what the closed clients left in the driver's device state (the
    /// active perfmon, the bin BO and its slots, runtime PM) must not trip it up (kernel-facts E6: process A exits,
    /// process B submits with a perfmon). Its symbols have no digits, so they never meet a generated one. A saved GPU
    /// hang state would outlive the sequence (and hold its BOs), so the next client takes it, as a hang reporter would.
    /// </summary>
    private static IEnumerable<ModelOp> NextClient(bool collectHangState)
    {
        const string file = "nextClient", target = "nextTarget", perfmon = "nextPerfmon";
        yield return Op("open", file, ("driver", OpArg.Str("vc4")));
        yield return Op("vc4.create_bo", target, ("fd", OpArg.Sym(file)), ("size", OpArg.Of(Vc4Jobs.TargetBytes)));
        yield return Op("vc4.perfmon_create", perfmon, ("fd", OpArg.Sym(file)), ("events", OpArg.List([OpArg.Of(0)])));
        var job = Vc4Jobs.Clear(file, target).SetItem("perfmonid", OpArg.Sym(perfmon));
        yield return new ModelOp("vc4.submit_cl", job, "nextJob");
        if (collectHangState) yield return GetHangState(file, MaxHangBos);
        yield return Op("close", null, ("fd", OpArg.Sym(file)));
    }

    /// <summary>Room for every BO a generated job can hang with: its BOs, BCL and RCL.</summary>
    private const long MaxHangBos = 64;

    private static ModelOp GetHangState(string file, long boCount) =>
        Op("vc4.get_hang_state", null, ("fd", OpArg.Sym(file)), ("bo_count", OpArg.Of(boCount)));

    private static ModelOp CmaInject(string kind) => Op("sim.inject", null, ("kind", OpArg.Str(kind)), ("bytes", OpArg.Of(0)));
}
