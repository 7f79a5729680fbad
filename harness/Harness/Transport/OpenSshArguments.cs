using HilHarness.Inventory;

namespace HilHarness.Transport;

/// <summary>
/// The ssh client options for one board. The user's ~/.ssh/config still applies (no -F), but what matters for
/// safety is pinned on the command line: keys only, host key checked against the board's known_hosts, a shared
/// control connection per board, keepalives that notice a dead link in seconds.
/// </summary>
public static class OpenSshArguments
{
    /// <summary>Seconds between keepalives; with <see cref="AliveCountMax"/> a dead link is noticed in ~15 s.</summary>
    public const int AliveInterval = 5;
    public const int AliveCountMax = 3;

    /// <summary>Where control sockets live: short (unix socket paths are limited to ~104 bytes) and private.</summary>
    public static string ControlDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"hil-ssh-{Environment.UserName}");
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(dir);
        else if (!Directory.Exists(dir))
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return dir;
    }

    /// <summary>The options shared by ssh invocations (before the destination).</summary>
    public static List<string> Options(BoardRecord board, string controlDirectory, TimeSpan connectTimeout)
    {
        if (board.Host is null || board.KnownHosts is null)
            throw new InvalidOperationException($"{board.Origin}: board \"{board.Name}\" has no host or knownHosts; RackLoader requires both for ssh boards");
        var args = new List<string>
        {
            "-p", board.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "BatchMode=yes",
            "-o", $"StrictHostKeyChecking={(board.AcceptNewHostKey ? "accept-new" : "yes")}",
            "-o", $"UserKnownHostsFile={board.KnownHosts}",
            "-o", "ControlMaster=auto",
            "-o", $"ControlPath={Path.Combine(controlDirectory, "%C")}",
            "-o", "ControlPersist=60",
            "-o", $"ServerAliveInterval={AliveInterval}",
            "-o", $"ServerAliveCountMax={AliveCountMax}",
            "-o", $"ConnectTimeout={Math.Max(1, (int)connectTimeout.TotalSeconds)}",
            "-o", "LogLevel=ERROR",
        };
        if (board.IdentityFile is not null)
            args.AddRange(["-o", "IdentitiesOnly=yes", "-i", board.IdentityFile]);
        if (board.User is not null)
            args.AddRange(["-l", board.User]);
        if (board.JumpHost is not null)
            args.AddRange(["-J", board.JumpHost]);
        return args;
    }

    /// <summary>A full ssh argv running <paramref name="remoteCommand"/> (already a shell string) on the board.
    /// "--" ends options so a host can never be read as one.</summary>
    public static List<string> Command(BoardRecord board, string controlDirectory, TimeSpan connectTimeout, string remoteCommand)
    {
        var argv = new List<string> { "ssh" };
        argv.AddRange(Options(board, controlDirectory, connectTimeout));
        argv.AddRange(["--", board.Host!, remoteCommand]);
        return argv;
    }

    /// <summary>Classifies an ssh failure (exit 255) from its stderr, so a host-key refusal reads as such and
    /// not as "unreachable".</summary>
    public static (InfraErrorKind Kind, string Reason) Classify(string stderr)
    {
        if (stderr.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal))
            return (InfraErrorKind.HostKey, "the board's host key does not match its known_hosts entry (refused; if the board was reinstalled, update knownHosts)");
        if (stderr.Contains("Host key verification failed", StringComparison.Ordinal) || stderr.Contains("host key is known", StringComparison.Ordinal))
            return (InfraErrorKind.HostKey, "the board's host key is not in its known_hosts file (refused; add it, or set acceptNewHostKey for a first contact)");
        if (stderr.Contains("Permission denied", StringComparison.Ordinal))
            return (InfraErrorKind.Authentication, "the board refused the key (check identityFile and the board's authorized_keys)");
        return (InfraErrorKind.Unreachable, "the board could not be reached over ssh");
    }
}
