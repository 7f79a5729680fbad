using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HilHarness.Qemu;

/// <summary>
/// One QEMU guest running a real Linux kernel's DRM drivers, reached over ssh on a forwarded loopback port. The
/// guest runs the host's own sshd and dotnet (host root shared read-only over 9p; tools/qemu/guest-init.sh), so a
/// harness reaches it exactly as it reaches a board: a non-root user, a pinned host key, a client key.
/// </summary>
public sealed class QemuVm : IAsyncDisposable
{
    /// <summary>Where the instance folder's share/ appears inside the guest (writable, both ways).</summary>
    public const string GuestShareDirectory = "/run/hil/share";

    private readonly Process _qemu;
    private readonly StringBuilder _bootLog = new();
    private readonly QemuBoardOptions _options;
    private bool _stopped;

    private QemuVm(Process qemu, QemuBoardOptions options, string instanceDirectory, int sshPort)
    {
        _qemu = qemu;
        _options = options;
        InstanceDirectory = instanceDirectory;
        SshPort = sshPort;
    }

    public string InstanceDirectory { get; }

    public int SshPort { get; }

    /// <summary>Holds exactly the host key this instance generated, for <c>[127.0.0.1]:port</c>.</summary>
    public string KnownHostsFile => Path.Combine(InstanceDirectory, "known_hosts");

    public string ClientKeyFile => Path.Combine(InstanceDirectory, "client_key");

    /// <summary>The host side of <see cref="GuestShareDirectory"/>.</summary>
    public string ShareDirectory => Path.Combine(InstanceDirectory, "share");

    public string ConsoleLog => Path.Combine(InstanceDirectory, "console.log");

    public string User => _options.User;

    /// <summary>From starting QEMU (kernel and initramfs already cached) to the test user's first ssh command.</summary>
    public TimeSpan BootToSshReady { get; private set; }

    /// <summary>Prepares <paramref name="instanceDirectory"/>, boots the guest and waits until its sshd accepts the
    /// test user with the pinned host key. Throws <see cref="QemuVmException"/> (with the console's tail) when the
    /// guest dies or the boot timeout passes; the VM is stopped then.</summary>
    public static async Task<QemuVm> StartAsync(QemuBoardOptions options, string instanceDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(instanceDirectory);
        string instance = Path.GetFullPath(instanceDirectory);
        int port = FreeLoopbackPort();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string arg in BootArguments(options, instance, port))
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new QemuVmException($"could not start bash {Path.Combine(QemuTools.LocateDirectory(), "boot.sh")}");
        var vm = new QemuVm(process, options, instance, port);
        process.OutputDataReceived += (_, e) => vm.AppendBootLog(e.Data);
        process.ErrorDataReceived += (_, e) => vm.AppendBootLog(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        try
        {
            await vm.WaitForSshAsync(Stopwatch.StartNew(), cancellationToken).ConfigureAwait(false);
            return vm;
        }
        catch
        {
            await vm.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The ssh argv that runs <paramref name="remoteCommand"/> in the guest: keys only, the pinned host
    /// key, and one control connection per instance (a fresh ssh handshake costs about a second under TCG).</summary>
    public IReadOnlyList<string> SshArguments(string remoteCommand, bool asRoot = false) =>
    [
        "ssh", "-p", SshPort.ToString(CultureInfo.InvariantCulture),
        "-i", ClientKeyFile, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={KnownHostsFile}",
        "-o", "ControlMaster=auto", "-o", $"ControlPath={Path.Combine(InstanceDirectory, "cm-%r")}", "-o", "ControlPersist=60",
        "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3", "-o", "LogLevel=ERROR",
        "-l", asRoot ? "root" : User, "--", "127.0.0.1", remoteCommand,
    ];

    /// <summary>Runs a shell command in the guest and captures its output; killed (and thrown) past the timeout.</summary>
    public async Task<QemuGuestResult> RunAsync(string command, TimeSpan timeout, CancellationToken cancellationToken, bool asRoot = false)
    {
        using var ssh = StartGuestProcess(command, asRoot);
        ssh.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var stdout = ssh.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = ssh.StandardError.ReadToEndAsync(deadline.Token);
            await ssh.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return new QemuGuestResult(command, ssh.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ssh.Kill(entireProcessTree: true);
            throw new QemuVmException($"guest command `{command}` on 127.0.0.1:{SshPort} gave no answer within {timeout.TotalSeconds:0.#} s (killed); {Diagnostics()}");
        }
    }

    /// <summary>Starts a command in the guest with its stdin/stdout/stderr redirected to the caller (e.g. the agent).</summary>
    public Process StartGuestProcess(string command, bool asRoot = false)
    {
        var start = new ProcessStartInfo("ssh") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in SshArguments(command, asRoot).Skip(1))
            start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new QemuVmException($"could not start ssh for `{command}`");
    }

    /// <summary>Powers the guest off from inside (sysrq, as root), then kills QEMU if it has not exited within the
    /// power-off timeout. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        if (!_qemu.HasExited && File.Exists(Path.Combine(ShareDirectory, "ready")))
        {
            try
            {
                // The connection dies with the guest, so ssh's own exit code says nothing; QEMU's exit does.
                await RunAsync("echo o > /proc/sysrq-trigger", TimeSpan.FromSeconds(10), CancellationToken.None, asRoot: true).ConfigureAwait(false);
            }
            catch (QemuVmException)
            {
                // Unreachable guest: the kill below is the fallback.
            }
        }
        using var wait = new CancellationTokenSource(_options.PowerOffTimeout);
        try
        {
            await _qemu.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _qemu.Kill(entireProcessTree: true);
            await _qemu.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Set to 1 to keep every instance folder after power-off (keys, console and guest logs).</summary>
    public const string KeepVariable = "HIL_QEMU_KEEP";

    /// <summary>Powers the guest off. The instance folder (its client and host keys, the share) is removed when the
    /// guest had booted, so a rack run leaves no private keys in /tmp; after a failed boot it stays, because its logs
    /// are the diagnosis that <see cref="QemuVmException"/> points to.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _qemu.Dispose();
        if (BootToSshReady > TimeSpan.Zero && Environment.GetEnvironmentVariable(KeepVariable) != "1")
            RemoveInstanceDirectory();
    }

    private void RemoveInstanceDirectory()
    {
        try
        {
            Directory.Delete(InstanceDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Files the guest wrote into the share as another user can refuse deletion; a leftover folder is
            // harmless, so say where it is rather than failing the power-off.
            Trace.TraceWarning($"qemu: could not remove instance folder {InstanceDirectory}: {e.Message}");
        }
    }

    /// <summary>The boot script's output and the tails of the serial console and the guest's init log.</summary>
    public string Diagnostics()
    {
        string bootLog;
        lock (_bootLog)
            bootLog = _bootLog.ToString();
        return $"instance {InstanceDirectory}; boot.sh: {Tail(bootLog, 10)}; console.log: {Tail(ReadOrEmpty(ConsoleLog), 20)}; " +
               $"init.log: {Tail(ReadOrEmpty(Path.Combine(ShareDirectory, "init.log")), 10)}; sshd.log: {Tail(ReadOrEmpty(Path.Combine(ShareDirectory, "sshd.log")), 5)}";
    }

    private async Task WaitForSshAsync(Stopwatch sinceStart, CancellationToken cancellationToken)
    {
        string ready = Path.Combine(ShareDirectory, "ready");
        QemuGuestResult? last = null;
        while (sinceStart.Elapsed < _options.BootTimeout)
        {
            if (_qemu.HasExited)
                throw new QemuVmException($"QEMU exited with {_qemu.ExitCode} before the guest's sshd answered; {Diagnostics()}");
            // The guest's init writes "ready" into the share once sshd runs; polling that file costs nothing,
            // whereas each ssh attempt against a booting guest costs a connect timeout.
            if (File.Exists(ready))
            {
                last = await RunAsync("true", TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
                if (last.Succeeded)
                {
                    BootToSshReady = sinceStart.Elapsed;
                    return;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
        throw new QemuVmException(
            $"the guest's sshd did not accept {User} on 127.0.0.1:{SshPort} within {_options.BootTimeout.TotalSeconds:0} s" +
            $"{(last is null ? " (init never wrote share/ready)" : $"; last attempt: {last}")}; {Diagnostics()}");
    }

    private static List<string> BootArguments(QemuBoardOptions options, string instance, int port)
    {
        var args = new List<string>
        {
            Path.Combine(QemuTools.LocateDirectory(), "boot.sh"),
            "--instance", instance,
            "--ssh-port", port.ToString(CultureInfo.InvariantCulture),
            "--modules", string.Join(' ', options.Modules),
            "--memory", options.MemoryMiB.ToString(CultureInfo.InvariantCulture),
            "--cpus", options.Cpus.ToString(CultureInfo.InvariantCulture),
            "--accel", options.Accelerator.ToString().ToLowerInvariant(),
            "--user", options.User,
            "--uid", options.Uid.ToString(CultureInfo.InvariantCulture),
        };
        if (options.KernelImage is not null)
            args.AddRange(["--kernel", Path.GetFullPath(options.KernelImage)]);
        if (options.ModulesRoot is not null)
            args.AddRange(["--modules-root", Path.GetFullPath(options.ModulesRoot)]);
        if (options.KernelRelease is not null)
            args.AddRange(["--kver", options.KernelRelease]);
        return args;
    }

    /// <summary>A loopback port free right now. QEMU binds it a moment later; a collision in between makes QEMU
    /// exit at once with a hostfwd error, which the boot wait reports.</summary>
    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void AppendBootLog(string? line)
    {
        if (line is null)
            return;
        lock (_bootLog)
            _bootLog.AppendLine(line);
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return all.Length == 0 ? "(empty)" : string.Join(" | ", all.TakeLast(lines).Select(l => l.TrimEnd()));
    }
}
