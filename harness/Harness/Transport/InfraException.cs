namespace HilHarness.Transport;

/// <summary>
/// Infrastructure trouble on one board (unreachable, host key, deploy, lease, agent start). Tests that meet it are
/// InfraError (NUnit Inconclusive), never Failed: infrastructure is not the kernel's fault.
/// </summary>
public sealed class InfraException : Exception
{
    public InfraException(string board, InfraErrorKind kind, string message, Exception? inner = null)
        : base($"{board}: {message}", inner)
    {
        Board = board;
        Kind = kind;
    }

    public string Board { get; }

    public InfraErrorKind Kind { get; }
}
