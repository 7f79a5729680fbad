using System.Globalization;
using System.Text.RegularExpressions;

namespace HilHarness.BoardAgent.Observers;

/// <summary>
/// Parses vc4's debugfs <c>bo_stats</c> (vc4_bo_stats_debugfs, kernel-facts A.8). Each line is printed with
/// <c>"%30s: %6dkb BOs (%d)"</c>: the label right-aligned in 30 columns (longer user labels are not cut), the size
/// in KiB and the count. An empty file means no BOs.
/// </summary>
public static partial class BoStatsParser
{
    // Greedy label: a user label may itself contain ": ", and only the last one is followed by the numbers.
    [GeneratedRegex(@"^ *(?<label>.*): +(?<kb>-?[0-9]+)kb BOs \((?<count>-?[0-9]+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex LinePattern();

    public static BoStats Parse(string text)
    {
        var labels = new Dictionary<string, BoStatsEntry>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var match = LinePattern().Match(line);
            if (!match.Success)
                return BoStats.NotAvailable($"malformed bo_stats line {i + 1}: expected \"<label>: <n>kb BOs (<count>)\", got \"{line}\"");
            var label = match.Groups["label"].Value;
            if (!long.TryParse(match.Groups["kb"].ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var kb)
                || !long.TryParse(match.Groups["count"].ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
                return BoStats.NotAvailable($"bo_stats line {i + 1}: number out of range in \"{line}\"");
            if (!labels.TryAdd(label, new BoStatsEntry { Kb = kb, Count = count }))
                return BoStats.NotAvailable($"bo_stats line {i + 1}: label \"{label}\" appears twice");
        }
        return new BoStats { Labels = labels };
    }
}
