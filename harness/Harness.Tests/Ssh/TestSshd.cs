using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using HilHarness.Inventory;
using NUnit.Framework;

namespace HilHarness.Tests.Ssh;

/// <summary>
/// A private sshd on 127.0.0.1 (tools/ssh/start-test-sshd.sh) and a boards.json record that reaches it. Missing
/// sshd skips the SSH tests with the reason, except under CI=true where it fails: CI must exercise the real path.
/// </summary>
public sealed class TestSshd : IAsyncDisposable
{
    private readonly int _pid;

    private TestSshd(string workDirectory, int port, string user, int pid)
    {
        WorkDirectory = workDirectory;
        Port = port;
        User = user;
        _pid = pid;
    }

    public string WorkDirectory { get; }
    public int Port { get; }
    public string User { get; }

    public static async Task<TestSshd> StartAsync([CallerFilePath] string here = "")
    {
        const string sshd = "/usr/sbin/sshd";
        if (!File.Exists(sshd) || !File.Exists("/usr/bin/ssh"))
        {
            const string reason = "OpenSSH server/client not installed (apt-get install -y openssh-server openssh-client)";
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail(reason + "; CI must run the SSH tests");
            Assert.Ignore(reason);
        }
        string script = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "tools", "ssh", "start-test-sshd.sh"));
        string work = Directory.CreateTempSubdirectory("hil-sshd-").FullName;
        int port = FreePort();
        // Root logs in as root (Debian's sshd refuses unknown users); anyone else as themselves.
        string user = Environment.UserName;
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, work, port.ToString(System.Globalization.CultureInfo.InvariantCulture), user })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        string stdout = await process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !int.TryParse(stdout.Trim(), out int pid))
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}): {stderr}{stdout}");
        var sshdInstance = new TestSshd(work, port, user, pid);
        await sshdInstance.WaitListeningAsync();
        return sshdInstance;
    }

    /// <summary>A board record for this sshd running the agent on a simulated kernel.</summary>
    public BoardRecord Board(string name = "ssh-sim", string? knownHosts = null) => new()
    {
        Name = name, Driver = "vc4", Kind = BoardKinds.Ssh, Kernel = "sim:rpi3-6.12", Host = "127.0.0.1", Port = Port, User = User,
        IdentityFile = Path.Combine(WorkDirectory, "client_key"), KnownHosts = knownHosts ?? Path.Combine(WorkDirectory, "known_hosts"),
        LeaseTimeout = TimeSpan.FromSeconds(60), Origin = "TestSshd",
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var process = Process.GetProcessById(_pid);
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        Directory.Delete(WorkDirectory, recursive: true);
    }

    private async Task WaitListeningAsync()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"sshd on 127.0.0.1:{Port} did not start listening; log: {await File.ReadAllTextAsync(Path.Combine(WorkDirectory, "sshd.log"))}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
