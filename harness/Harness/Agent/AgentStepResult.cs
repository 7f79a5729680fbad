using System.Text.Json;
using System.Text.Json.Nodes;

namespace HilHarness.Agent;

/// <summary>
/// What the agent answered for one step. <see cref="Ok"/> false means a protocol error (<see cref="Error"/>);
/// an ioctl that failed in the kernel is Ok with <see cref="Rc"/> -1 and an <see cref="Errno"/>.
/// </summary>
public sealed record AgentStepResult(
    bool Ok, long Rc, int Errno, string ErrnoName, JsonObject? Out, AgentError? Error, JsonObject? Observe)
{
    private readonly JsonObject? _observe = Observe;

    public JsonObject? Observe
    {
        get => _observe;
        // A replaced observe object (a fake board's mutation) is no longer what the wire said.
        init => (_observe, ObserveJson) = (value, null);
    }

    /// <summary>The <c>observe</c> object exactly as the agent sent it, when this result was read from the wire and
    /// <see cref="Observe"/> was not replaced since: the comparer reads it without building a node tree.</summary>
    public JsonElement? ObserveJson { get; private init; }

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

    /// <summary>Reads a reply or a batch progress result straight from the parsed wire line: the scalars are read
    /// from <paramref name="json"/> and <see cref="Out"/>/<see cref="Observe"/> wrap their elements, so a node tree is
    /// only built for the fields a reader looks at (most steps' observations are never expanded).</summary>
    public static AgentStepResult FromJson(JsonElement json)
    {
        AgentError? error = null;
        if (json.TryGetProperty("error"u8, out var e) && e.ValueKind == JsonValueKind.Object)
            error = new AgentError(StringOr(e, "code"u8, "unknown"), StringOr(e, "message"u8, ""));
        return new AgentStepResult(
            json.TryGetProperty("ok"u8, out var ok) && ok.ValueKind == JsonValueKind.True,
            json.TryGetProperty("rc"u8, out var rc) ? rc.GetInt64() : 0,
            json.TryGetProperty("errno"u8, out var errno) ? errno.GetInt32() : 0,
            StringOr(json, "errno_name"u8, ""),
            ObjectOrNull(json, "out"u8),
            error,
            ObjectOrNull(json, "observe"u8))
        {
            ObserveJson = json.TryGetProperty("observe"u8, out var observe) && observe.ValueKind == JsonValueKind.Object ? observe : null,
        };
    }

    private static string StringOr(JsonElement json, ReadOnlySpan<byte> name, string fallback) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : fallback;

    private static JsonObject? ObjectOrNull(JsonElement json, ReadOnlySpan<byte> name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? JsonObject.Create(v) : null;

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
