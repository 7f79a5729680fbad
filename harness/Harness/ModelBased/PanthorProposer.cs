using System.Collections.Immutable;
using HilHarness.Model;
using HilHarness.Model.Panthor;
using static HilHarness.ModelBased.IOpProposer;

namespace HilHarness.ModelBased;

/// <summary>
/// panthor steps (kernel-facts C, D.3): VMs, tiler heaps with valid and invalid argument mixes including the D.3
/// boundary values, heap destroy with bad handles and pads, groups, job submits and completions (which make a group
/// resident or not, deciding whether a grown chunk is kept or returned), tiler OOM events, two tiler OOMs growing one
/// heap at once (mostly of a resident group, where a lost chunk_count update shows: E17b), and VM_DESTROY racing a
/// heap create on the same VM.
/// </summary>
public sealed class PanthorProposer : IOpProposer
{
    private const long KiB = 1024, MiB = 1024 * KiB;
    /// <summary>D.3 step 5 and E12's matrix: below, at and above each bound, a non-power-of-two and an unaligned size.</summary>
    private static readonly long[] ChunkSizes = [64 * KiB, 128 * KiB, 132 * KiB, 256 * KiB, 2 * MiB, 3 * MiB, 8 * MiB, 8 * MiB + 4 * KiB, 128 * KiB + 512];
    private static readonly long[] Counts = [0, 1, 1, 2, 2, 3];
    /// <summary>Live chunk bytes the generator allows, well inside the simulated boards' CMA (the model does not
    /// predict chunk allocation failures).</summary>
    private const long ChunkBudget = 48 * MiB;

    public string Driver => "panthor";

    public MbtStep Propose(Random random, ModelWalk walk, Func<string, string> newSymbol)
    {
        // Every proposal looks at the state, and most are accepted: the lists below are built by plain loops over the
        // dictionaries, and only those the drawn case needs (none of them draws from random, so which are built does
        // not change the sequence).
        var s = (PanthorState)walk.State;
        var named = walk.Named;
        var files = new List<string>();
        foreach (var (name, _) in s.Files) if (named.Contains(name)) files.Add(name);
        if (files.Count == 0 || (files.Count < 3 && random.Next(15) == 0))
            return MbtStep.Of(Op("open", newSymbol("f"), ("driver", OpArg.Str("panthor"))));
        string file = Pick(random, files);
        var fd = ("fd", OpArg.Sym(file));
        var vms = new List<PanthorVm>();
        foreach (var (_, v) in s.Vms) if (v.File == file && named.Contains(v.Symbol)) vms.Add(v);
        OpArg Vm() => vms.Count == 0 || random.Next(10) == 0 ? OpArg.Of(random.Next(2) == 0 ? 0 : 33) : OpArg.Sym(Pick(random, vms).Symbol);
        switch (random.Next(20))
        {
            case 0:
                // Rarely: a file lives long enough to hold a VM with a heap and a busy group.
                if (random.Next(3) != 0) break;
                return MbtStep.Of(Op("close", null, fd));
            case 1 or 2: return MbtStep.Of(Op("panthor.vm_create", newSymbol("vm"), fd));
            case 3: return MbtStep.Of(Op("panthor.vm_destroy", null, fd, ("id", Vm()), ("pad", OpArg.Of(random.Next(8) == 0 ? 1 : 0))));
            case 4 or 5 or 6:
            {
                // Grows need a group and a heap on one VM: heaps go mostly where a group already is.
                var groups = GroupsOf(s, named, file);
                var vmsWithGroups = vms.FindAll(v => HasGroupOn(groups, v.Symbol));
                if (vmsWithGroups.Count > 0 && random.Next(2) == 0)
                    return MbtStep.Of(HeapCreate(random, s, file, OpArg.Sym(Pick(random, vmsWithGroups).Symbol), newSymbol("heap"), valid: true));
                return MbtStep.Of(HeapCreate(random, s, file, Vm(), newSymbol("heap")));
            }
            case 7 or 8:
            {
                var heaps = HeapsOn(s, named, vms);
                OpArg handle = heaps.Count > 0 && random.Next(4) != 0 ? OpArg.Sym(Pick(random, heaps).Symbol)
                    : vms.Count > 0 && random.Next(2) == 0 ? OpArg.Of(((long)Pick(random, vms).Id << 16) | Pick(random, new long[] { 0, 1, 127, 128, 0xffff }))
                    : OpArg.Of(33L << 16);
                return MbtStep.Of(Op("panthor.tiler_heap_destroy", null, fd, ("handle", handle), ("pad", OpArg.Of(random.Next(8) == 0 ? 1 : 0))));
            }
            case 9:
            {
                // ... and groups mostly where a heap already is.
                var heaps = HeapsOn(s, named, vms);
                var vmsWithHeaps = vms.FindAll(v => HasHeapOn(heaps, v.Symbol));
                return MbtStep.Of(Op("panthor.group_create", newSymbol("grp"), fd, ("vm_id", vmsWithHeaps.Count > 0 && random.Next(4) != 0 ? OpArg.Sym(Pick(random, vmsWithHeaps).Symbol) : Vm()),
                    ("queues", OpArg.List([OpArg.Obj([new("priority", OpArg.Of(0)), new("ringbuf_size", OpArg.Of(4096))])]))));
            }
            case 10:
            {
                var groups = GroupsOf(s, named, file);
                if (groups.Count == 0) break;
                return MbtStep.Of(Op(random.Next(2) == 0 ? "panthor.group_destroy" : "panthor.group_get_state", null, fd,
                    ("group_handle", OpArg.Sym(Pick(random, groups).Symbol))));
            }
            case 11 or 12:
            {
                var pairs = GroupHeapPairs(GroupsOf(s, named, file), HeapsOn(s, named, vms));
                if (pairs.Count == 0) break;
                var (group, heap) = Pick(random, pairs);
                if (s.LiveChunkBytes() + heap.ChunkSize > ChunkBudget) break;
                return MbtStep.Of(Op("sim.tiler_oom", null, fd, ("group_handle", OpArg.Sym(group.Symbol)), ("queue_index", OpArg.Of(0)),
                    ("heap_ctx_va", OpArg.Sym(heap.Symbol, "tiler_heap_ctx_gpu_va")),
                    ("renderpasses_in_flight", OpArg.Of(random.Next(3))), ("pending_frag_count", OpArg.Of(random.Next(2)))));
            }
            case 14 or 15:
            {
                // E17b: two tiler OOMs growing the same heap at once, mostly for a resident group (a non-resident
                // group's chunks are returned, which hides a lost chunk_count update).
                var growers = GroupHeapPairs(GroupsOf(s, named, file), HeapsOn(s, named, vms));
                var resident = growers.FindAll(p => s.Resident(p.Group.Symbol));
                if (growers.Count == 0) break;
                var (grower, grown) = Pick(random, resident.Count > 0 && random.Next(4) != 0 ? resident : growers);
                if (s.LiveChunkBytes() + 2 * grown.ChunkSize > ChunkBudget) break;
                ModelOp Grow() => Op("sim.tiler_oom", null, fd, ("group_handle", OpArg.Sym(grower.Symbol)), ("queue_index", OpArg.Of(0)),
                    ("heap_ctx_va", OpArg.Sym(grown.Symbol, "tiler_heap_ctx_gpu_va")), ("renderpasses_in_flight", OpArg.Of(0)),
                    ("pending_frag_count", OpArg.Of(0)));
                return MbtStep.Racing(random.Next(1000), Grow(), Grow());
            }
            case 16 or 17:
            {
                var groups = GroupsOf(s, named, file);
                if (groups.Count == 0) break;
                var heaps = HeapsOn(s, named, vms);
                var withHeaps = groups.FindAll(g => HasHeapOn(heaps, g.Vm));
                return MbtStep.Of(Submit(random, file, Pick(random, withHeaps.Count > 0 && random.Next(4) != 0 ? withHeaps : groups).Symbol));
            }
            case 18:
                return MbtStep.Of(random.Next(2) == 0 ? Op("sim.complete_jobs", null) : Op("sim.complete_jobs", null, ("max", OpArg.Of(random.Next(3)))));
            case 13:
            {
                // E15: VM_DESTROY racing a heap create on the same VM id.
                if (vms.Count == 0) break;
                var vm = OpArg.Sym(Pick(random, vms).Symbol);
                return MbtStep.Racing(random.Next(1000),
                    Op("panthor.vm_destroy", null, fd, ("id", vm), ("pad", OpArg.Of(0))),
                    HeapCreate(random, s, file, vm, newSymbol("rheap"), valid: true));
            }
            default:
                return MbtStep.Of(Op("observe", null, ("what", OpArg.List([OpArg.Str("fdinfo"), OpArg.Str("gems")]))));
        }
        // A proposal that does not fit the state: a VM while the file has few, otherwise a look at the counters.
        return MbtStep.Of(vms.Count < 4 ? Op("panthor.vm_create", newSymbol("vm"), fd)
            : Op("observe", null, ("what", OpArg.List([OpArg.Str("fdinfo"), OpArg.Str("gems")]))));
    }

    /// <summary>The named heaps on any of <paramref name="vms"/>, in symbol order.</summary>
    private static List<PanthorHeap> HeapsOn(PanthorState s, ImmutableHashSet<string> named, List<PanthorVm> vms)
    {
        var heaps = new List<PanthorHeap>();
        if (vms.Count == 0) return heaps;
        foreach (var (_, h) in s.Heaps)
            if (named.Contains(h.Symbol) && vms.Exists(v => v.Symbol == h.Vm)) heaps.Add(h);
        return heaps;
    }

    /// <summary>The named groups of <paramref name="file"/>, in symbol order.</summary>
    private static List<PanthorGroup> GroupsOf(PanthorState s, ImmutableHashSet<string> named, string file)
    {
        var groups = new List<PanthorGroup>();
        foreach (var (_, g) in s.Groups) if (g.File == file && named.Contains(g.Symbol)) groups.Add(g);
        return groups;
    }

    /// <summary>Every group with every heap on its VM, group by group.</summary>
    private static List<(PanthorGroup Group, PanthorHeap Heap)> GroupHeapPairs(List<PanthorGroup> groups, List<PanthorHeap> heaps)
    {
        var pairs = new List<(PanthorGroup, PanthorHeap)>();
        foreach (var g in groups)
            foreach (var h in heaps)
                if (h.Vm == g.Vm) pairs.Add((g, h));
        return pairs;
    }

    private static bool HasHeapOn(List<PanthorHeap> heaps, string vm) => heaps.Exists(h => h.Vm == vm);

    private static bool HasGroupOn(List<PanthorGroup> groups, string vm) => groups.Exists(g => g.Vm == vm);

    private static ModelOp HeapCreate(Random random, PanthorState s, string file, OpArg vm, string symbol, bool valid = false)
    {
        long live = s.LiveChunkBytes();
        long chunk = valid ? 256 * KiB : Pick(random, ChunkSizes);
        long initial = valid ? 1 : Pick(random, Counts);
        if (live + chunk * initial > ChunkBudget) initial = 0;
        return Op("panthor.tiler_heap_create", symbol, ("fd", OpArg.Sym(file)), ("vm_id", vm),
            ("initial_chunk_count", OpArg.Of(initial)), ("chunk_size", OpArg.Of(chunk)),
            ("max_chunks", OpArg.Of(valid ? 2 + random.Next(3) : Pick(random, Counts))), ("target_in_flight", OpArg.Of(random.Next(3))));
    }

    /// <summary>GROUP_SUBMIT of one job: a non-empty, aligned command stream on queue 0, or now and then a queue
    /// index or stream the kernel refuses (EINVAL; kernel-facts D.1, panthor_job_create).</summary>
    private static ModelOp Submit(Random random, string file, string group)
    {
        var (queue, size, addr) = random.Next(8) switch
        {
            0 => (1L, 64L, 0x10000L),
            1 => (0L, 60L, 0x10000L),
            2 => (0L, 64L, 0x10020L),
            _ => (0L, 64L * (1 + random.Next(4)), 0x10000L),
        };
        var submit = OpArg.Obj([new("queue_index", OpArg.Of(queue)), new("stream_size", OpArg.Of(size)), new("stream_addr", OpArg.Of(addr)),
            new("latest_flush", OpArg.Of(0)), new("syncs", OpArg.List([]))]);
        return Op("panthor.group_submit", null, ("fd", OpArg.Sym(file)), ("group_handle", OpArg.Sym(group)), ("queue_submits", OpArg.List([submit])));
    }

    public IEnumerable<ModelOp> Cleanup(ModelWalk walk)
    {
        foreach (var f in ((PanthorState)walk.State).Files.Keys) yield return Op("close", null, ("fd", OpArg.Sym(f)));
    }
}
