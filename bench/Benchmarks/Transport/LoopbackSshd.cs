using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HilHarness.Inventory;

namespace HilHarness.Benchmarks.Transport;

/// <summary>
/// A private sshd on 127.0.0.1 started by the harness's own script (tools/ssh/start-test-sshd.sh, the recipe of
/// research/vm-lane.md §1), so the SSH figures measure the same path as the SSH tests. Owns the sshd process and
/// its scratch directory.
/// </summary>
internal sealed class LoopbackSshd : IDisposable
{
    private readonly int pid;

    private LoopbackSshd(string workDirectory, int port, int pid)
    {
        WorkDirectory = workDirectory;
        Port = port;
        this.pid = pid;
    }

    public string WorkDirectory { get; }

    public int Port { get; }

    public static LoopbackSshd Start()
    {
        string script = Path.Combine(RepositoryRoot.Find(), "tools", "ssh", "start-test-sshd.sh");
        string work = Directory.CreateTempSubdirectory("hil-bench-sshd-").FullName;
        int port = FreePort();
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, work, port.ToString(CultureInfo.InvariantCulture), Environment.UserName })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start /bin/sh {script}");
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || !int.TryParse(stdout.Trim(), CultureInfo.InvariantCulture, out int pid))
            throw new InvalidOperationException($"{script} {work} {port} failed (exit {process.ExitCode}): {stderr}{stdout}");
        var sshd = new LoopbackSshd(work, port, pid);
        sshd.WaitListening();
        return sshd;
    }

    /// <summary>A board record that reaches this sshd and runs the agent on <paramref name="kernel"/>.</summary>
    public BoardRecord Board(string name, string kernel) => new()
    {
        Name = name, Driver = "vc4", Kind = BoardKinds.Ssh, Kernel = kernel, Host = "127.0.0.1", Port = Port,
        User = Environment.UserName, IdentityFile = Path.Combine(WorkDirectory, "client_key"),
        KnownHosts = Path.Combine(WorkDirectory, "known_hosts"), LeaseTimeout = TimeSpan.FromSeconds(60),
        Origin = nameof(LoopbackSshd),
    };

    public void Dispose()
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // sshd already exited; its log stays in the work directory until it is deleted below.
        }
        Directory.Delete(WorkDirectory, recursive: true);
    }

    private void WaitListening()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException($"sshd on 127.0.0.1:{Port} did not start listening; log: {File.ReadAllText(Path.Combine(WorkDirectory, "sshd.log"))}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
