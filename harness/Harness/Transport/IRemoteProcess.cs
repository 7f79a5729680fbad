namespace HilHarness.Transport;

/// <summary>A running process on a board (the agent), with its standard streams. Disposing kills it.</summary>
public interface IRemoteProcess : IAsyncDisposable
{
    Stream StandardInput { get; }

    Stream StandardOutput { get; }

    /// <summary>Everything written to stderr so far (kept for error messages; the agent's diagnostics go there).</summary>
    string StandardErrorText { get; }

    bool HasExited { get; }

    /// <summary>The exit code once exited (for ssh, the remote command's code, or 255 for a broken connection).</summary>
    int? ExitCode { get; }

    Task WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>Kills the local process (for ssh, the client: the remote side sees its stdin close).</summary>
    void Kill();
}
