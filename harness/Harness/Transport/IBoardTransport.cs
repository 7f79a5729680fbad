namespace HilHarness.Transport;

/// <summary>
/// How the host reaches one board: start a process with streams, run a shell command, send files. Local processes,
/// the OpenSSH client, and later a QEMU guest implement it; callers never know which.
/// </summary>
public interface IBoardTransport : IAsyncDisposable
{
    /// <summary>The board's name, for messages.</summary>
    string BoardName { get; }

    /// <summary>Starts <paramref name="argv"/> on the board (each word quoted; no shell interpretation).</summary>
    Task<IRemoteProcess> StartAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken);

    /// <summary>Runs a POSIX shell script on the board (its variable parts must come from <see cref="ShellQuote"/>)
    /// and captures its output. Past <paramref name="timeout"/> it is killed and an InfraException (Timeout) thrown.
    /// A non-zero exit is returned, not thrown; transport failures (unreachable, host key) are thrown.</summary>
    Task<CommandResult> RunAsync(string script, TimeSpan timeout, CancellationToken cancellationToken, byte[]? standardInput = null);

    /// <summary>Copies local files to <paramref name="remoteDirectory"/> (created, mode 0700), keeping their
    /// relative paths, in one remote command.</summary>
    Task UploadAsync(IReadOnlyList<UploadFile> files, string remoteDirectory, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>A local file and the path it gets under the upload directory.</summary>
public sealed record UploadFile(string LocalPath, string RelativePath);
