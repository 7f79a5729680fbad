using System.Text.Json.Nodes;

namespace HilHarness.Agent;

/// <summary>
/// What the agent answered for one step. <see cref="Ok"/> false means a protocol error (<see cref="Error"/>);
/// an ioctl that failed in the kernel is Ok with <see cref="Rc"/> -1 and an <see cref="Errno"/>.
/// </summary>
public sealed record AgentStepResult(
    bool Ok, long Rc, int Errno, string ErrnoName, JsonObject? Out, AgentError? Error, JsonObject? Observe)
{
    /// <summary>Reads a reply or a batch progress result object.</summary>
    public static AgentStepResult FromJson(JsonObject json)
    {
        bool ok = json["ok"]?.GetValue<bool>() ?? false;
        AgentError? error = null;
        if (json["error"] is JsonObject e)
            error = new AgentError(e["code"]?.GetValue<string>() ?? "unknown", e["message"]?.GetValue<string>() ?? "");
        return new AgentStepResult(
            ok,
            json["rc"]?.GetValue<long>() ?? 0,
            json["errno"]?.GetValue<int>() ?? 0,
            json["errno_name"]?.GetValue<string>() ?? "",
            json["out"] as JsonObject,
            error,
            json["observe"] as JsonObject);
    }

    /// <summary>A field of <see cref="Out"/> as an unsigned integer, or null.</summary>
    public ulong? OutU64(string field) => Out?[field] is JsonValue v && v.TryGetValue<ulong>(out var n) ? n : null;

    public override string ToString() =>
        !Ok ? $"error {Error}" : Errno == 0 ? $"rc={Rc}" : $"rc={Rc} {ErrnoName}";
}

/// <summary>A protocol-level error reply: code and message as docs/protocol.md lists them.</summary>
public sealed record AgentError(string Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}
