using System.Globalization;
using System.Text;

namespace HilHarness.SimKernel.Core;

/// <summary>
/// The simulated kernel log, as /dev/kmsg hands it out: one record per line with priority, sequence number,
/// timestamp in microseconds and the message (<c>6,1234,5000123,-;text</c>). With a state directory the log is
/// also appended to a file, so that after an oops killed the agent, the next agent on the same simulated board
/// still finds the oops in the log, as it would on a real board.
/// </summary>
public sealed class SimKmsg
{
    /// <summary>Log levels (include/linux/kern_levels.h).</summary>
    public const int Emerg = 0, Alert = 1, Crit = 2, Err = 3, Warning = 4, Notice = 5, Info = 6, Debug = 7;

    private readonly List<string> records = [];
    private readonly SimClock clock;
    private readonly string? persistPath;
    private readonly Lock gate = new();
    private ulong nextSequence;

    public SimKmsg(SimClock clock, string? stateDirectory)
    {
        this.clock = clock;
        if (stateDirectory is null) return;
        Directory.CreateDirectory(stateDirectory);
        persistPath = Path.Combine(stateDirectory, "kmsg");
        if (!File.Exists(persistPath)) return;
        foreach (var line in File.ReadAllLines(persistPath))
        {
            if (line.Length == 0) continue;
            records.Add(line);
            nextSequence++;
        }
    }

    /// <summary>The sequence number the next record gets.</summary>
    public ulong NextSequence { get { lock (gate) return nextSequence; } }

    /// <summary>Appends one record per line of <paramref name="text"/> at <paramref name="level"/>.</summary>
    public void Log(int level, string text)
    {
        lock (gate)
        {
            foreach (var line in text.Split('\n'))
            {
                var record = string.Create(CultureInfo.InvariantCulture,
                    $"{level},{nextSequence},{clock.NowNs / 1000},-;{Escape(line)}");
                records.Add(record);
                nextSequence++;
                if (persistPath is not null) File.AppendAllText(persistPath, record + "\n");
            }
        }
    }

    /// <summary>The records with sequence ≥ <paramref name="fromSequence"/>, each ending in a newline.</summary>
    public IReadOnlyList<string> ReadFrom(ulong fromSequence)
    {
        lock (gate)
        {
            var result = new List<string>();
            ulong first = nextSequence - (ulong)records.Count;
            for (ulong s = Math.Max(fromSequence, first); s < nextSequence; s++) result.Add(records[(int)(s - first)] + "\n");
            return result;
        }
    }

    // /dev/kmsg escapes non-printable bytes as \xNN (kernel/printk/printk.c, msg_print_ext_body).
    private static string Escape(string line)
    {
        if (line.All(c => c >= ' ' && c < 127 && c != '\\')) return line;
        var sb = new StringBuilder(line.Length + 8);
        foreach (var c in line)
        {
            if (c >= ' ' && c < 127 && c != '\\') sb.Append(c);
            else sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c & 0xff:x2}");
        }
        return sb.ToString();
    }
}
