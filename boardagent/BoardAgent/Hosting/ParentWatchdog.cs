using System.Globalization;

namespace HilHarness.BoardAgent.Hosting;

/// <summary>
/// Ends the agent when the process that started it (sshd's session, sudo, or the local harness) goes away. Without
/// this, an agent stuck in a hung ioctl outlives a killed SSH connection forever: nothing ever writes to its dead
/// stdout, so it never gets EPIPE, and the board collects orphans from every recovered test. Reads only
/// /proc/self/stat, which the agent may read.
/// </summary>
public static class ParentWatchdog
{
    /// <summary>Starts a background thread that exits the process with <paramref name="exitCode"/> once the parent
    /// pid changes (the agent was re-parented to init or a subreaper). Does nothing where /proc is unreadable.</summary>
    public static void Start(TimeSpan interval, int exitCode)
    {
        var original = ParentPid();
        if (original is null or <= 1) return;
        var thread = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(interval);
                if (ParentPid() == original) continue;
                Console.Error.WriteLine($"hil-agent: parent process {original} has gone; exiting");
                Environment.Exit(exitCode);
            }
        })
        { IsBackground = true, Name = "hil-agent parent watchdog" };
        thread.Start();
    }

    /// <summary>Field 4 of /proc/self/stat (after the parenthesised comm, which may itself hold spaces).</summary>
    internal static int? ParentPid()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var afterComm = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(afterComm[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
