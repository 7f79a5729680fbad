namespace HilHarness.BoardAgent.Protocol;

/// <summary>A request the agent refuses: answered as <c>ok:false</c> with <see cref="Code"/> (one of
/// <see cref="ErrorCodes"/>) and a message that names the field or value at fault.</summary>
public sealed class ProtocolException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public static ProtocolException BadArgs(string field, string problem) =>
        new(ErrorCodes.BadArgs, $"args.{field}: {problem}");
}
