using System.Text.Json;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Protocol;

/// <summary>
/// One op being executed: its args, where its reply fields go, the session it acts on and, inside a batch, how
/// <c>$ref</c>s resolve. Reused across steps on one thread to keep the hot path allocation-light.
/// </summary>
public sealed class OpContext(AgentSession session, Dispatcher dispatcher, Utf8JsonWriter writer)
{
    public AgentSession Session { get; } = session;

    public Dispatcher Dispatcher { get; } = dispatcher;

    public IKernel Kernel => Session.Kernel;

    public Utf8JsonWriter Writer { get; } = writer;

    public string Op { get; internal set; } = "";

    /// <summary>The args object, or <see cref="JsonValueKind.Undefined"/> when the request had none.</summary>
    public JsonElement Args { get; internal set; }

    public IStepRefs? Refs { get; internal set; }

    /// <summary>The id of the request being served (batch progress lines carry it).</summary>
    public long? RequestId { get; internal set; }

    /// <summary>The rc of the system call this op made, or null if it made none (batch stop_on_error reads it).</summary>
    public long? ReturnCode { get; internal set; }

    public bool TryArg(string name, out JsonElement value)
    {
        if (Args.ValueKind == JsonValueKind.Object && Args.TryGetProperty(name, out value)) return true;
        value = default;
        return false;
    }

    public JsonElement RequireArg(string name) =>
        TryArg(name, out var value) ? value : throw ProtocolException.BadArgs(name, $"missing (required by {Op})");

    /// <summary>bad-args for any arg not in <paramref name="allowed"/>.</summary>
    public void AllowOnly(ReadOnlySpan<string> allowed)
    {
        if (Args.ValueKind != JsonValueKind.Object) return;
        foreach (var property in Args.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
                throw ProtocolException.BadArgs(property.Name,
                    $"unknown field for {Op} (expected {(allowed.Length == 0 ? "no args" : string.Join(", ", allowed.ToArray()))})");
        }
    }

    public long Integer(string name, long min, long max) => JsonArgs.Integer(RequireArg(name), name, min, max, Refs);

    public long IntegerOr(string name, long fallback, long min, long max) =>
        TryArg(name, out var v) ? JsonArgs.Integer(v, name, min, max, Refs) : fallback;

    /// <summary>The DRM file named by arg <paramref name="name"/>: must be an fd this agent opened.</summary>
    public int Fd(string name = "fd")
    {
        int fd = (int)Integer(name, int.MinValue, int.MaxValue);
        if (!Session.IsOpen(fd))
            throw new ProtocolException(ErrorCodes.UnknownFd, $"args.{name}: fd {fd} was not opened by this agent (or is closed)");
        return fd;
    }

    /// <summary>Writes <c>rc</c>, <c>errno</c> and <c>errno_name</c> of a system call.</summary>
    public void WriteSyscall(SyscallResult result)
    {
        ReturnCode = result.ReturnCode;
        Writer.WriteNumber("rc"u8, result.ReturnCode);
        Writer.WriteNumber("errno"u8, (int)result.Errno);
        Writer.WriteString("errno_name"u8, ErrnoNames.Name((int)result.Errno));
    }

    /// <summary>Writes an empty <c>out</c> object.</summary>
    public void WriteEmptyOut()
    {
        Writer.WriteStartObject("out"u8);
        Writer.WriteEndObject();
    }
}
