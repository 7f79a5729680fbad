using System.Text.Json;
using HilHarness.BoardAgent.Protocol;

namespace HilHarness.BoardAgent.Ops;

/// <summary>
/// <c>batch</c> (docs/protocol.md, "Batches"): runs steps in one round trip, writing a progress line per step, so a
/// host keeps every completed step even if the agent dies on the next one.
/// </summary>
/// <remarks>On a real kernel every progress line is flushed at once: any ioctl may oops the board or hang. On a
/// simulated kernel the lines are held briefly (<see cref="ReplyChannel"/>) and written several at a time, and still
/// none is lost: the agent only dies there through a simulated oops, whose handler flushes them first (Program), or
/// through a host that kills it after a step hangs, which happens long after the hold limit sent them; however the
/// batch ends, its held lines are written before it returns.</remarks>
public static class BatchOp
{
    /// <summary>Ops a step may not be: they end or restart the conversation rather than act on the board.</summary>
    private static readonly string[] NotInBatch = ["batch", "bye", "hello"];

    public static void Register(OpTable table) => table.Add("batch", Run);

    /// <summary>A validated step: its op and args (Undefined when none).</summary>
    public readonly record struct Step(string Op, JsonElement Args);

    /// <summary>Reads the <c>steps</c> array; every structural problem is reported before any step runs.</summary>
    public static Step[] ReadSteps(JsonElement value, string field, IReadOnlyList<string> forbidden)
    {
        JsonArgs.RequireArray(value, field);
        var steps = new Step[value.GetArrayLength()];
        int i = 0;
        foreach (var element in value.EnumerateArray())
        {
            string path = $"{field}[{i}]";
            JsonArgs.RequireObject(element, path);
            JsonElement op = default, args = default;
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "op") op = property.Value;
                else if (property.Name == "args") args = property.Value;
                else throw ProtocolException.BadArgs(path + "." + property.Name, "a step has only op and args");
            }
            if (op.ValueKind == JsonValueKind.Undefined) throw ProtocolException.BadArgs(path + ".op", "missing");
            string name = JsonArgs.String(op, path + ".op");
            if (forbidden.Contains(name)) throw ProtocolException.BadArgs(path + ".op", $"'{name}' cannot be a step");
            if (args.ValueKind != JsonValueKind.Undefined) JsonArgs.RequireObject(args, path + ".args");
            steps[i++] = new Step(name, args);
        }
        return steps;
    }

    private static void Run(OpContext context)
    {
        context.AllowOnly(["steps", "observe_after_each", "observe_fd", "stop_on_error", "observe_changes_only"]);
        var steps = ReadSteps(context.RequireArg("steps"), "steps", NotInBatch);
        var sources = context.TryArg("observe_after_each", out var observe) ? ObserveOps.Sources(observe, "observe_after_each") : [];
        bool stopOnError = context.TryArg("stop_on_error", out var stop) && JsonArgs.Bool(stop, "stop_on_error");
        context.TryArg("observe_fd", out var observeFd);
        var delta = context.TryArg("observe_changes_only", out var changesOnly) && JsonArgs.Bool(changesOnly, "observe_changes_only")
            ? new Observers.ObservationDelta() : null;

        var dispatcher = context.Dispatcher;
        using var refs = new BatchRefs();
        Action<OpContext>? after = sources.Length == 0 ? null : step => WriteObservations(step, sources, observeFd, refs, delta);
        int completed = 0;
        bool stoppedEarly = false;
        bool hold = context.Session.Simulation is not null;
        var buffer = dispatcher.Rent();
        try
        {
            foreach (var step in steps)
            {
                bool ok = dispatcher.Execute(buffer, step.Op, step.Args, refs, context.RequestId, after);
                refs.Add(buffer.Body);
                dispatcher.Channel.Progress(context.RequestId, completed, buffer.Body, hold);
                completed++;
                if (stopOnError && (!ok || buffer.Context.ReturnCode == -1))
                {
                    stoppedEarly = completed < steps.Length;
                    break;
                }
            }
        }
        finally
        {
            dispatcher.Return(buffer);
            dispatcher.Channel.Flush();
        }
        var writer = context.Writer;
        writer.WriteStartObject("out"u8);
        writer.WriteNumber("completed"u8, completed);
        writer.WriteBoolean("stopped_early"u8, stoppedEarly);
        writer.WriteEndObject();
    }

    /// <summary><c>result.observe</c> after a step. An observe_fd that does not resolve yet (its step failed) is
    /// reported inside the observation, so the step's own result still stands.</summary>
    private static void WriteObservations(OpContext step, string[] sources, JsonElement observeFd, BatchRefs refs, Observers.ObservationDelta? delta)
    {
        int? fd = null;
        string? fdProblem = null;
        if (observeFd.ValueKind != JsonValueKind.Undefined)
        {
            try
            {
                fd = (int)JsonArgs.Integer(observeFd, "observe_fd", int.MinValue, int.MaxValue, refs);
            }
            catch (ProtocolException e)
            {
                fdProblem = e.Message;
            }
        }
        var writer = step.Writer;
        writer.WritePropertyName("observe"u8);
        if (fdProblem is not null && sources.Contains(Observers.ObservationSources.FdInfo))
            sources = [.. sources.Where(s => s != Observers.ObservationSources.FdInfo)];
        var observations = step.Session.Observer.Read(sources, fd);
        if (fdProblem is not null)
            observations = observations with { FdInfo = Observers.FdInfo.NotAvailable($"observe_fd: {fdProblem}") };
        if (delta is null) ObserveOps.Write(writer, observations);
        else delta.Write(writer, observations);
    }
}
