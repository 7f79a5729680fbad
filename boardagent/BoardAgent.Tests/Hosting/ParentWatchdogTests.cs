using System.Diagnostics;
using HilHarness.BoardAgent.Hosting;
using NUnit.Framework;

namespace HilHarness.BoardAgent.Tests.Hosting;

public class ParentWatchdogTests
{
    [Test, Description("Reading the parent pid from /proc/self/stat gives this test process's real parent.")]
    public void ParentPidMatchesTheRealParent()
    {
        var status = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("PPid:", StringComparison.Ordinal));
        Assert.That(ParentWatchdog.ParentPid(), Is.EqualTo(int.Parse(status["PPid:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test, Description("An agent whose parent shell dies (as an sshd session does when ssh is killed) exits by itself instead of lingering with stdin still open.")]
    public void AgentExitsWhenItsParentDies()
    {
        var agent = Path.Combine(AppContext.BaseDirectory, "hil-agent.dll");
        Assert.That(File.Exists(agent), Is.True, $"agent not built beside the tests: {agent}");
        var pidFile = Path.GetTempFileName();
        // sh starts the agent in the background with a stdin that never closes (sleep keeps the fifo's writer),
        // records its pid, gives it time to start (as a live sshd session would), then exits: the agent is
        // orphaned while its stdin stays open.
        var fifo = pidFile + ".in";
        var script = $"mkfifo '{fifo}'; (sleep 60 > '{fifo}' &) ; dotnet '{agent}' --kernel sim:rpi3-6.12 < '{fifo}' > /dev/null 2>&1 & echo $! > '{pidFile}'; sleep 3";
        using (var sh = Process.Start(new ProcessStartInfo("sh", ["-c", script]) { UseShellExecute = false })!)
            sh.WaitForExit();
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Directory.Exists($"/proc/{pid}") && !IsZombie(pid) && DateTime.UtcNow < deadline) Thread.Sleep(100);
            Assert.That(Directory.Exists($"/proc/{pid}") && !IsZombie(pid), Is.False, $"agent {pid} still running 30 s after its parent exited");
        }
        finally
        {
            try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
            File.Delete(pidFile);
            File.Delete(fifo);
        }
    }

    private static bool IsZombie(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal); }
        catch (IOException) { return false; }
    }
}
