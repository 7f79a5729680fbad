using System.Collections.Immutable;
using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Panthor;

/// <summary>
/// The panthor specification: VM and tiler heap lifetimes and errors (kernel-facts C.1–C.3, D.3), version-aware
/// (the v3 patch semantics before 6.10), with fdinfo and gems predictions (D.4).
/// </summary>
public static class PanthorModel
{
    public static readonly ImmutableHashSet<string> Ops =
    [
        "open", "close", "observe", "sim.advance", "panthor.vm_create", "panthor.vm_destroy", "panthor.tiler_heap_create",
        "panthor.tiler_heap_destroy", "panthor.group_create", "panthor.group_destroy", "panthor.group_get_state", "sim.tiler_oom",
    ];

    public const uint GroupStateFatalFault = 2;

    public static (ModelState, StepPrediction) Apply(PanthorState s, ModelOp op)
    {
        string? file = op.Sym("fd");
        if (op.Op is not ("open" or "observe" or "sim.advance") && (file is null || !s.Files.ContainsKey(file)))
            throw new ArgumentException($"op {op}: fd must name a file this scenario opened and has not closed");
        var (next, p) = op.Op switch
        {
            "open" => Open(s, op),
            "close" => (CloseFile(s, file!), Success(op.Op)),
            "observe" or "sim.advance" => (s, Success(op.Op)),
            "panthor.vm_create" => VmCreate(s, op, file!),
            "panthor.vm_destroy" => VmDestroy(s, op, file!),
            "panthor.tiler_heap_create" => PanthorHeapModel.Create(s, op, file!),
            "panthor.tiler_heap_destroy" => PanthorHeapModel.Destroy(s, op, file!),
            "sim.tiler_oom" => PanthorHeapModel.TilerOom(s, op),
            "panthor.group_create" => GroupCreate(s, op, file!),
            "panthor.group_destroy" => GroupLookup(s, op, file!) is { } g
                ? (s with { Groups = s.Groups.Remove(g.Symbol) }, Success(op.Op)) : (s, Fail(op.Op, Errno.EINVAL)),
            "panthor.group_get_state" => GroupLookup(s, op, file!) is { } g
                ? (s, Success(op.Op).WithOut("state", new ExactValue(g.State)).WithOut("fatal_queues", new ExactValue(g.FatalQueues)))
                : (s, Fail(op.Op, Errno.EINVAL)),
            _ => throw new ArgumentException($"the panthor model does not know op '{op.Op}'"),
        };
        return (next, PanthorObservations.For(next).Aggregate(p, (pred, o) => pred.WithObservation(o)));
    }

    /// <summary>Why racing <paramref name="ops"/> is a known kernel hazard on this board (so it must not be run), or
    /// null: before 444fa5b100e5 (6.12-rc7; v3 included) the ioctls looked a VM up without the xarray lock, so
    /// VM_DESTROY racing any VM lookup of the same file is a use-after-free (kernel-facts C.3, E15).</summary>
    public static string? RaceHazard(PanthorState s, IReadOnlyList<ModelOp> ops)
    {
        if (s.Sem.PanthorVmLookupLocked || !ops.Any(o => o.Op == "panthor.vm_destroy")) return null;
        return ops.Count(o => o.Op.StartsWith("panthor.", StringComparison.Ordinal)) > 1
            ? $"kernel-facts E15: VM_DESTROY racing a VM lookup is a use-after-free before 6.12; this kernel is {s.Sem.Kernel}"
            : null;
    }

    private static (PanthorState, StepPrediction) Open(PanthorState s, ModelOp op)
    {
        string name = op.Produces ?? throw new ArgumentException($"op {op}: open must produce a file symbol");
        return (s with { Files = s.Files.SetItem(name, new PanthorFile(name)), ObservedFile = s.ObservedFile ?? name },
            Success(op.Op).WithOut("fd", new RangeValue(0, int.MaxValue)));
    }

    /// <summary>panthor_postclose destroys groups, then VMs and with them every heap pool (kernel-facts D.3).</summary>
    private static PanthorState CloseFile(PanthorState s, string file)
    {
        foreach (var vm in s.VmsOf(file).ToList()) s = DestroyVm(s, vm.Symbol);
        return s with
        {
            Groups = s.Groups.RemoveRange(s.Groups.Values.Where(g => g.File == file).Select(g => g.Symbol).ToList()),
            Files = s.Files.Remove(file),
        };
    }

    private static (PanthorState, StepPrediction) VmCreate(PanthorState s, ModelOp op, string file)
    {
        var used = s.VmsOf(file).Select(v => v.Id).ToHashSet();
        int id = Enumerable.Range(1, PanthorState.MaxVmsPerFile).FirstOrDefault(i => !used.Contains(i));
        if (id == 0) return (s, Fail(op.Op, Errno.EBUSY));   // kernel-facts D.3: beyond 32 VMs
        string vm = op.Produces ?? throw new ArgumentException($"op {op}: vm_create must produce a VM symbol");
        return (s with { Vms = s.Vms.SetItem(vm, new PanthorVm(vm, file, id, false)), Numbers = s.Numbers.SetItem(vm, id) },
            Success(op.Op).WithOut("id", new ExactValue((ulong)id)));
    }

    private static (PanthorState, StepPrediction) VmDestroy(PanthorState s, ModelOp op, string file)
    {
        if (op.Num("pad") != 0) return (s, Fail(op.Op, Errno.EINVAL));
        var vm = s.NumberOf(op.Arg("id")) is { } id ? s.VmById(file, id) : null;
        if (vm is null) return (s, Fail(op.Op, Errno.EINVAL));
        return (DestroyVm(s, vm.Symbol), Success(op.Op));
    }

    /// <summary>VM destroy takes its pool, heaps and chunks with it, even if groups still use the VM (kernel-facts D.3).</summary>
    internal static PanthorState DestroyVm(PanthorState s, string vm) => s with
    {
        Heaps = s.Heaps.RemoveRange(s.HeapsOf(vm).Select(h => h.Symbol).ToList()),
        Vms = s.Vms.Remove(vm),
    };

    private static (PanthorState, StepPrediction) GroupCreate(PanthorState s, ModelOp op, string file)
    {
        var vm = s.NumberOf(op.Arg("vm_id")) is { } id ? s.VmById(file, id) : null;
        if (vm is null) return (s, Fail(op.Op, Errno.EINVAL));
        string group = op.Produces ?? throw new ArgumentException($"op {op}: group_create must produce a group symbol");
        return (s with { Groups = s.Groups.SetItem(group, new PanthorGroup(group, file, vm.Symbol, 0, 0)) },
            Success(op.Op).WithOut("group_handle", new RangeValue(1, uint.MaxValue)));
    }

    private static PanthorGroup? GroupLookup(PanthorState s, ModelOp op, string file) =>
        op.Sym("group_handle") is { } g && s.Groups.TryGetValue(g, out var group) && group.File == file ? group : null;
}
