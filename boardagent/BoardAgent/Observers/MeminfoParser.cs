using System.Globalization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>Reads CmaTotal and CmaFree from <c>/proc/meminfo</c> (lines <c>"CmaFree:   123456 kB"</c>) in bytes.</summary>
public static class MeminfoParser
{
    public static CmaInfo Parse(string text)
    {
        long? total = null, free = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("CmaTotal:", StringComparison.Ordinal))
            {
                total = Kilobytes(line);
                if (total is null) return CmaInfo.NotAvailable($"meminfo: malformed line \"{line}\" (expected \"CmaTotal: <n> kB\")");
            }
            else if (line.StartsWith("CmaFree:", StringComparison.Ordinal))
            {
                free = Kilobytes(line);
                if (free is null) return CmaInfo.NotAvailable($"meminfo: malformed line \"{line}\" (expected \"CmaFree: <n> kB\")");
            }
        }
        if (total is null || free is null)
            return CmaInfo.NotAvailable("meminfo has no CmaTotal/CmaFree lines (kernel built without CONFIG_CMA)");
        return new CmaInfo { CmaTotal = total, CmaFree = free };
    }

    private static long? Kilobytes(string line)
    {
        var parts = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[1] != "kB") return null;
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) || kb > long.MaxValue / 1024) return null;
        return kb * 1024;
    }
}
