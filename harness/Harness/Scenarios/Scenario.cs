using System.Collections.Immutable;
using HilHarness.Agent;
using HilHarness.Model;

namespace HilHarness.Scenarios;

/// <summary>
/// A typed builder of steps. Every call runs the reference model at once, so each step carries its prediction and
/// tests never hand-write expected numbers; <see cref="Steps"/> holds the wire steps for one batch.
/// </summary>
public sealed class Scenario
{
    private readonly StepCompiler _compiler = new();
    private readonly List<ScenarioStep> _steps = [];

    public Scenario(BoardSemantics semantics) => State = ReferenceModel.Initial(semantics);

    /// <summary>The model's state after the last step.</summary>
    public ModelState State { get; private set; }

    public IReadOnlyList<ScenarioStep> Steps => _steps;

    public IReadOnlyList<AgentStep> WireSteps => [.. _steps.Select(s => s.Wire)];

    /// <summary>The prediction of the last step added.</summary>
    public StepPrediction Last => _steps[^1].Prediction;

    /// <summary>Adds any op; the typed helpers below all come here.</summary>
    public Scenario Add(ModelOp op)
    {
        var (next, prediction) = ReferenceModel.Apply(State, op);
        _steps.Add(new ScenarioStep(_steps.Count, op, _compiler.Compile(_steps.Count, op), prediction));
        State = next;
        return this;
    }

    /// <summary>
    /// Runs <paramref name="ops"/> at once on the board (the agent's <c>race</c> op, one thread each). A correct
    /// kernel linearizes them in some order, so <see cref="ScenarioStep.RaceOrders"/> holds, for every order, each
    /// op's prediction (in the order of <c>out.results</c>); the board's results must match one of them. The model
    /// continues from the given order, so use this only for ops whose final state does not depend on the order (the
    /// step's observations are that state's). What the raced ops produce can only be used through their file
    /// afterwards (a <c>$ref</c> cannot reach inside <c>out.results</c>).
    /// </summary>
    public Scenario Race(int seed, params ModelOp[] ops)
    {
        int index = _steps.Count;
        var orders = ImmutableArray.CreateBuilder<ImmutableArray<StepPrediction>>();
        foreach (var order in Permutations(ops.Length))
        {
            var state = State;
            var predictions = new StepPrediction[ops.Length];
            foreach (int i in order)
                (state, predictions[i]) = ReferenceModel.Apply(state, ops[i]);
            orders.Add([.. predictions]);
        }
        StepPrediction last = StepPrediction.Success("race");
        foreach (var op in ops) (State, last) = ReferenceModel.Apply(State, op);
        var wires = new System.Text.Json.Nodes.JsonArray();
        foreach (var op in ops) wires.Add(_compiler.Compile(index, op).ToJson());
        var race = new AgentStep("race", new System.Text.Json.Nodes.JsonObject { ["seed"] = seed, ["steps"] = wires });
        var own = StepPrediction.Success("race") with { Observations = last.Observations };
        _steps.Add(new ScenarioStep(index, new ModelOp("race", ImmutableSortedDictionary<string, OpArg>.Empty), race, own) { RaceOrders = orders.ToImmutable() });
        return this;
    }

    private static IEnumerable<int[]> Permutations(int n)
    {
        if (n == 0) { yield return []; yield break; }
        foreach (var rest in Permutations(n - 1))
            for (int at = 0; at <= rest.Length; at++)
                yield return [.. rest[..at], n - 1, .. rest[at..]];
    }

    /// <summary>
    /// Adds an op the model does not cover (a fault injection, or an ioctl under an injected fault) with the result
    /// kernel-facts gives for it and the model's state unchanged, so the observations after it are still the
    /// model's. Use only where kernel-facts states both the errno and that the op leaves no trace.
    /// </summary>
    public Scenario AddWithoutEffect(ModelOp op, Uapi.Errno errno)
    {
        var (_, observed) = ReferenceModel.Apply(State, new ModelOp("observe", ImmutableSortedDictionary<string, OpArg>.Empty));
        var prediction = observed with { Op = op.Op, Errno = errno };
        _steps.Add(new ScenarioStep(_steps.Count, op, _compiler.Compile(_steps.Count, op), prediction));
        return this;
    }

    public Scenario Add(string op, string? produces = null, params (string Name, OpArg Value)[] args) =>
        Add(new ModelOp(op, args.ToImmutableSortedDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal), produces));

    private static (string, OpArg) Fd(string file) => ("fd", OpArg.Sym(file));
    private static (string, OpArg) N(string name, long value) => (name, OpArg.Of(value));
    private static (string, OpArg) S(string name, string symbol) => (name, OpArg.Sym(symbol));

    // Session ops (docs/protocol.md "Session ops").
    public Scenario Open(string file, string driver) => Add("open", file, ("driver", OpArg.Str(driver)));
    public Scenario Close(string file) => Add("close", null, Fd(file));
    public Scenario Mmap(string file, string offset, string map, long length, bool writable = true) =>
        Add("mmap", map, Fd(file), S("offset", offset), N("length", length), ("prot", OpArg.Str(writable ? "rw" : "r")));
    public Scenario Munmap(string map) => Add("munmap", null, S("map", map));
    public Scenario Observe() => Add("observe", null, ("what", OpArg.List([OpArg.Str("bo_stats"), OpArg.Str("fdinfo"), OpArg.Str("gems")])));
    public Scenario GemClose(string file, string bo) => Add("drm.gem_close", null, Fd(file), S("handle", bo));
    public Scenario GemClose(string file, long rawHandle) => Add("drm.gem_close", null, Fd(file), N("handle", rawHandle));

    // vc4 (kernel-facts A).
    public Scenario Vc4CreateBo(string file, string bo, long size) => Add("vc4.create_bo", bo, Fd(file), N("size", size));
    public Scenario Vc4CreateShaderBo(string file, string bo, byte[] code, long flags = 0, long pad = 0) =>
        Add("vc4.create_shader_bo", bo, Fd(file), ("data", OpArg.Bytes(code)), N("flags", flags), N("pad", pad));
    public Scenario Vc4MmapBo(string file, string bo, string offset) => Add("vc4.mmap_bo", offset, Fd(file), S("handle", bo));
    public Scenario Vc4LabelBo(string file, string bo, string name) => Add("vc4.label_bo", null, Fd(file), S("handle", bo), ("name", OpArg.Str(name)));
    public Scenario Vc4Madvise(string file, string bo, long madv, long pad = 0) =>
        Add("vc4.gem_madvise", null, Fd(file), S("handle", bo), N("madv", madv), N("pad", pad));
    public Scenario Vc4SubmitClear(string file, string job, string target, ushort width = 64, ushort height = 64, uint color = 0xff00ff00) =>
        Add(new ModelOp("vc4.submit_cl", Vc4CommandLists.ClearJob(file, target, width, height, color), job));
    public Scenario Vc4WaitSeqno(string file, string job, long timeoutNs) =>
        Add("vc4.wait_seqno", null, Fd(file), S("seqno", job), N("timeout_ns", timeoutNs));
    public Scenario Vc4GetParam(string file, long param, long pad = 0) => Add("vc4.get_param", null, Fd(file), N("param", param), N("pad", pad));
    public Scenario Vc4PerfmonCreate(string file, string perfmon) =>
        Add("vc4.perfmon_create", perfmon, Fd(file), ("events", OpArg.List([OpArg.Of(0)])));

    // panthor (kernel-facts C, D).
    public Scenario PanthorVmCreate(string file, string vm) => Add("panthor.vm_create", vm, Fd(file));
    public Scenario PanthorVmDestroy(string file, string vm, long pad = 0) => Add("panthor.vm_destroy", null, Fd(file), S("id", vm), N("pad", pad));
    public Scenario PanthorHeapCreate(string file, string vm, string heap, long initial = 1, long chunkSize = 2 << 20, long max = 4, long targetInFlight = 1) =>
        Add("panthor.tiler_heap_create", heap, Fd(file), S("vm_id", vm), N("initial_chunk_count", initial),
            N("chunk_size", chunkSize), N("max_chunks", max), N("target_in_flight", targetInFlight));
    public Scenario PanthorHeapDestroy(string file, string heap, long pad = 0) =>
        Add("panthor.tiler_heap_destroy", null, Fd(file), S("handle", heap), N("pad", pad));
    public Scenario PanthorHeapDestroyRaw(string file, long handle) => Add("panthor.tiler_heap_destroy", null, Fd(file), N("handle", handle));
    public Scenario PanthorGroupCreate(string file, string vm, string group) =>
        Add("panthor.group_create", group, Fd(file), S("vm_id", vm),
            ("queues", OpArg.List([OpArg.Obj([new("priority", OpArg.Of(0)), new("ringbuf_size", OpArg.Of(4096))])])));
    public Scenario PanthorGroupGetState(string file, string group) => Add("panthor.group_get_state", null, Fd(file), S("group_handle", group));

    // Simulated boards only.
    public Scenario SimAdvance(long ms) => Add("sim.advance", null, N("ms", ms));
    public Scenario SimCompleteJobs() => Add("sim.complete_jobs");
    public Scenario SimSuspend() => Add("sim.suspend");
    public Scenario SimResume() => Add("sim.resume");
    public Scenario SimTilerOom(string file, string group, string heap, long renderpassesInFlight = 0, long pendingFragCount = 0) =>
        Add("sim.tiler_oom", null, Fd(file), S("group_handle", group), N("queue_index", 0), ("heap_ctx_va", OpArg.Sym(heap, "tiler_heap_ctx_gpu_va")),
            N("renderpasses_in_flight", renderpassesInFlight), N("pending_frag_count", pendingFragCount));
}
