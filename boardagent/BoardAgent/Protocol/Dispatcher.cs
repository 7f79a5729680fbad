using System.Text.Json;
using HilHarness.SimKernel.Core;

namespace HilHarness.BoardAgent.Protocol;

/// <summary>
/// Runs one op from the <see cref="OpTable"/> into a <see cref="StepBuffer"/>: a protocol error becomes an
/// <c>ok:false</c> body, an unexpected exception becomes <c>internal</c> — neither ends the agent. Only a simulated
/// oops escapes, because a real oops kills the calling process too.
/// </summary>
public sealed class Dispatcher(AgentSession session, OpTable table, ReplyChannel channel)
{
    private readonly Stack<StepBuffer> pool = new();

    public AgentSession Session { get; } = session;

    public OpTable Table { get; } = table;

    public ReplyChannel Channel { get; } = channel;

    public StepBuffer Rent()
    {
        lock (pool) return pool.Count > 0 ? pool.Pop() : new StepBuffer(Session, this);
    }

    public void Return(StepBuffer buffer)
    {
        lock (pool) pool.Push(buffer);
    }

    /// <summary>Executes <paramref name="op"/> into <paramref name="buffer"/>; <paramref name="after"/> (observations
    /// of a batch step) runs after the result, whether it succeeded or not.</summary>
    /// <returns>True when the op answered ok:true.</returns>
    public bool Execute(StepBuffer buffer, string op, JsonElement args, IStepRefs? refs, long? requestId,
        Action<OpContext>? after = null)
    {
        var context = buffer.Context;
        context.Op = op;
        context.Args = args;
        context.Refs = refs;
        context.RequestId = requestId;
        context.ReturnCode = null;
        buffer.Reset();
        bool ok = true;
        var writer = buffer.Writer;
        try
        {
            var handler = Table.Find(op) ?? throw new ProtocolException(ErrorCodes.UnknownOp,
                $"no op named '{Truncate(op)}' (docs/protocol.md lists them)");
            if (args.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
                throw new ProtocolException(ErrorCodes.BadRequest, $"{op}: args must be an object, got {JsonArgs.Describe(args)}");
            writer.WriteStartObject();
            writer.WriteBoolean("ok"u8, true);
            handler(context);
        }
        catch (ProtocolException e)
        {
            buffer.Reset();
            ok = false;
            WriteError(writer, e.Code, e.Message);
        }
        catch (SimKernelOopsException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            buffer.Reset();
            ok = false;
            WriteError(writer, ErrorCodes.Internal, $"{op}: {e.GetType().Name}: {e.Message}");
        }
        after?.Invoke(context);
        writer.WriteEndObject();
        writer.Flush();
        return ok;
    }

    /// <summary>Starts an <c>ok:false</c> body (left open so observations can follow).</summary>
    public static void WriteError(Utf8JsonWriter writer, string code, string message)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("ok"u8, false);
        writer.WriteStartObject("error"u8);
        writer.WriteString("code"u8, code);
        writer.WriteString("message"u8, message);
        writer.WriteEndObject();
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
