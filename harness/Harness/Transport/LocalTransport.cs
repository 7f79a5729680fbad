namespace HilHarness.Transport;

/// <summary>
/// A board that is this host: processes start directly, scripts run under /bin/sh. Everything runs in the board's
/// own state directory, which plays the part of the board's home (leases, caches), so two simulated boards on one
/// host never share state.
/// </summary>
public sealed class LocalTransport : IBoardTransport
{
    public LocalTransport(string boardName, string homeDirectory)
    {
        BoardName = boardName;
        HomeDirectory = homeDirectory;
        Directory.CreateDirectory(homeDirectory);
    }

    public string BoardName { get; }

    /// <summary>The directory that relative paths in scripts are relative to.</summary>
    public string HomeDirectory { get; }

    /// <summary>The default home of a local board: <c>$XDG_STATE_HOME/hil/boards/&lt;name&gt;</c>.</summary>
    public static string DefaultHome(string boardName)
    {
        string state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "hil", "boards", boardName);
    }

    public Task<IRemoteProcess> StartAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult<IRemoteProcess>(HostProcess.Start(argv, HomeDirectory));
        }
        catch (InvalidOperationException e)
        {
            throw new InfraException(BoardName, InfraErrorKind.Agent, e.Message, e);
        }
    }

    public Task<CommandResult> RunAsync(string script, TimeSpan timeout, CancellationToken cancellationToken, byte[]? standardInput = null) =>
        CommandRunner.RunAsync(BoardName, script, ["/bin/sh", "-c", script], timeout, cancellationToken, standardInput, HomeDirectory);

    public Task UploadAsync(IReadOnlyList<UploadFile> files, string remoteDirectory, TimeSpan timeout, CancellationToken cancellationToken) =>
        TarUpload.UploadAsync(this, files, remoteDirectory, timeout, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
