namespace HilHarness.BoardAgent.Protocol;

/// <summary>The <c>error.code</c> values of docs/protocol.md ("Error codes").</summary>
public static class ErrorCodes
{
    public const string BadJson = "bad-json";
    public const string LineTooLong = "line-too-long";
    public const string BadRequest = "bad-request";
    public const string UnknownOp = "unknown-op";
    public const string BadArgs = "bad-args";
    public const string UnknownFd = "unknown-fd";
    public const string UnknownMap = "unknown-map";
    public const string NoDevice = "no-device";
    public const string NotPermitted = "not-permitted";
    public const string NotSimulated = "not-simulated";
    public const string Internal = "internal";
}
