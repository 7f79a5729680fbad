using HilHarness.BoardAgent.Layout;
using HilHarness.BoardAgent.Protocol;
using HilHarness.SimKernel.Core;

namespace HilHarness.BoardAgent.Ops;

/// <summary>The <c>sim.*</c> ops (docs/protocol.md, "Simulated boards only") over <see cref="ISimControl"/>; on a
/// real kernel each answers <c>not-simulated</c>.</summary>
public static class SimOps
{
    public static void Register(OpTable table)
    {
        table.Add("sim.now", Sim(Now));
        table.Add("sim.advance", Sim(Advance));
        table.Add("sim.complete_jobs", Sim(CompleteJobs));
        table.Add("sim.suspend", Sim((c, s) => { c.AllowOnly([]); s.RuntimeSuspend(); c.WriteEmptyOut(); }));
        table.Add("sim.resume", Sim((c, s) => { c.AllowOnly([]); s.RuntimeResume(); c.WriteEmptyOut(); }));
        table.Add("sim.inject", Sim(Inject));
        table.Add("sim.tiler_oom", Sim(TilerOom));
        table.Add("sim.state", Sim(State));
    }

    private static OpHandler Sim(Action<OpContext, ISimControl> body) => context =>
    {
        var sim = context.Session.Simulation ?? throw new ProtocolException(ErrorCodes.NotSimulated,
            $"{context.Op} needs a simulated kernel; this agent drives {context.Kernel.Description}");
        body(context, sim);
    };

    private static void Now(OpContext context, ISimControl sim)
    {
        context.AllowOnly([]);
        WriteNs(context, sim);
    }

    private static void Advance(OpContext context, ISimControl sim)
    {
        context.AllowOnly(["ms", "ns"]);
        bool hasMs = context.TryArg("ms", out _), hasNs = context.TryArg("ns", out _);
        if (hasMs == hasNs) throw ProtocolException.BadArgs(hasMs ? "ns" : "ms", "give exactly one of ms and ns");
        long ns = hasMs ? checked(context.Integer("ms", 0, long.MaxValue / 1_000_000) * 1_000_000) : context.Integer("ns", 0, long.MaxValue);
        sim.Advance(ns);
        WriteNs(context, sim);
    }

    private static void CompleteJobs(OpContext context, ISimControl sim)
    {
        context.AllowOnly(["max"]);
        int completed = sim.CompleteJobs((int)context.IntegerOr("max", int.MaxValue, 0, int.MaxValue));
        context.Writer.WriteStartObject("out"u8);
        context.Writer.WriteNumber("completed"u8, completed);
        context.Writer.WriteEndObject();
    }

    private static void Inject(OpContext context, ISimControl sim)
    {
        context.AllowOnly(["kind", "nth", "bytes", "op"]);
        string kind = JsonArgs.String(context.RequireArg("kind"), "kind");
        if (!FaultSpec.Kinds.Contains(kind))
            throw ProtocolException.BadArgs("kind", $"'{kind}' is not a fault kind (known: {string.Join(", ", FaultSpec.Kinds)})");
        string? op = context.TryArg("op", out var opArg) ? JsonArgs.String(opArg, "op") : null;
        sim.InjectFault(new FaultSpec(kind,
            (int)context.IntegerOr("nth", 1, 1, int.MaxValue),
            context.IntegerOr("bytes", 0, 0, long.MaxValue),
            op));
        context.WriteEmptyOut();
    }

    private static void TilerOom(OpContext context, ISimControl sim)
    {
        context.AllowOnly(["fd", "group_handle", "queue_index", "heap_ctx_va", "renderpasses_in_flight", "pending_frag_count"]);
        int fd = context.Fd();
        uint U32(string name) => context.TryArg(name, out var v) ? (uint)JsonArgs.Scalar(v, ScalarKind.U32, name, context.Refs) : 0;
        ulong va = context.TryArg("heap_ctx_va", out var vaArg) ? JsonArgs.Scalar(vaArg, ScalarKind.U64, "heap_ctx_va", context.Refs) : 0;
        var result = sim.TilerOom(fd, U32("group_handle"), U32("queue_index"), va, U32("renderpasses_in_flight"), U32("pending_frag_count"));
        var writer = context.Writer;
        writer.WriteStartObject("out"u8);
        writer.WriteNumber("errno"u8, result.Errno);
        writer.WriteNumber("new_chunk_va"u8, result.NewChunkVa);
        writer.WriteBoolean("queue_fatal"u8, result.QueueFatal);
        writer.WriteEndObject();
    }

    private static void State(OpContext context, ISimControl sim)
    {
        context.AllowOnly([]);
        context.Writer.WriteStartObject("out"u8);
        context.Writer.WriteString("text"u8, sim.DescribeState());
        context.Writer.WriteEndObject();
    }

    private static void WriteNs(OpContext context, ISimControl sim)
    {
        context.Writer.WriteStartObject("out"u8);
        context.Writer.WriteNumber("ns"u8, sim.NowNs);
        context.Writer.WriteEndObject();
    }
}
