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
        "panthor.tiler_heap_destroy", "panthor.group_create", "panthor.group_destroy", "panthor.group_get_state", "panthor.group_submit", "sim.complete_jobs",
        "sim.tiler_oom",
    ];

    public const uint GroupStateFatalFault = 2;

    public static (ModelState, StepPrediction) Apply(PanthorState s, ModelOp op)
    {
        string? file = op.Sym("fd");
        if (op.Op is not ("open" or "observe" or "sim.advance" or "sim.complete_jobs") && (file is null || !s.Files.ContainsKey(file)))
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
            "panthor.group_create" => PanthorGroupModel.Create(s, op, file!),
            "panthor.group_destroy" => PanthorGroupModel.Destroy(s, op, file!),
            "panthor.group_get_state" => PanthorGroupModel.GetState(s, op, file!),
            "panthor.group_submit" => PanthorGroupModel.Submit(s, op, file!),
            "sim.complete_jobs" => PanthorGroupModel.CompleteJobs(s, op),
            _ => throw new ArgumentException($"the panthor model does not know op '{op.Op}'"),
        };
        return (next, p with { Observations = p.Observations.AddRange(PanthorObservations.For(next)) });
    }

    /// <summary>Why racing <paramref name="ops"/> is a known kernel hazard on this board (so it must not be run), or
    /// null. Before 444fa5b100e5 (6.12-rc7; v3 included) the ioctls looked a VM up without the xarray lock, so
    /// VM_DESTROY racing any VM lookup of the same file is a use-after-free (kernel-facts C.3, E15). The v3 heaps had
    /// no per-heap lock, so two tiler OOMs growing one heap at once corrupt its chunk list (kernel-facts C.2 #6, E17).</summary>
    public static string? RaceHazard(PanthorState s, IReadOnlyList<ModelOp> ops)
    {
        if (s.Sem.PanthorV3Heaps && ops.Where(o => o.Op == "sim.tiler_oom").GroupBy(o => o.Sym("heap_ctx_va")).Any(g => g.Count() > 1))
            return $"kernel-facts C.2 #6: v3 heaps have no per-heap lock, so concurrent grows of one heap corrupt it; this kernel is {s.Sem.Kernel}";
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
        s = PanthorGroupModel.Remove(s, [.. s.Groups.Values.Where(g => g.File == file).Select(g => g.Symbol)]);
        foreach (var vm in s.VmsOf(file)) s = DestroyVm(s, vm.Symbol);
        return s with { Files = s.Files.Remove(file) };
    }

    private static (PanthorState, StepPrediction) VmCreate(PanthorState s, ModelOp op, string file)
    {
        // The lowest id in 1..32 no VM of this file has.
        ulong used = 0;
        foreach (var (_, v) in s.Vms) if (v.File == file) used |= 1UL << v.Id;
        int id = 0;
        for (int i = 1; i <= PanthorState.MaxVmsPerFile && id == 0; i++) if ((used & (1UL << i)) == 0) id = i;
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
}
