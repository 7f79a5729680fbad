using System.Globalization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>
/// Parses <c>/proc/&lt;pid&gt;/fdinfo/&lt;fd&gt;</c>: one <c>key:\tvalue</c> per line (the generic pos/flags/mnt_id/ino
/// lines, then drm_show_fdinfo's drm-* and the driver's keys). Memory keys are printed by drm_fdinfo_print_size,
/// which divides by 1024 while the value stays a multiple of 1024, up to MiB: "0", "8 KiB", "4104 KiB", "4 MiB".
/// </summary>
public static class FdInfoParser
{
    private static readonly string[] SizePrefixes =
        ["drm-total-", "drm-shared-", "drm-active-", "drm-resident-", "drm-purgeable-", "drm-memory-"];

    public static FdInfo Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) return FdInfo.NotAvailable($"fdinfo line {i + 1}: expected \"key:\\tvalue\", got \"{line}\"");
            var key = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (!fields.TryAdd(key, value)) return FdInfo.NotAvailable($"fdinfo line {i + 1}: key \"{key}\" appears twice");
            if (!IsSizeKey(key)) continue;
            var bytes = ParseSize(value);
            if (bytes is null)
                return FdInfo.NotAvailable($"fdinfo line {i + 1}: \"{key}\" value \"{value}\" is not a drm_fdinfo_print_size size (\"<n>\", \"<n> KiB\" or \"<n> MiB\")");
            sizes[key] = bytes.Value;
        }
        return new FdInfo { Fields = fields, Sizes = sizes };
    }

    /// <summary>True for the keys drm_fdinfo_print_size prints: drm-{total,shared,active,resident,purgeable}-&lt;region&gt;,
    /// the legacy drm-memory-&lt;region&gt; and driver keys ending in "-memory" (panthor-resident-memory).</summary>
    public static bool IsSizeKey(string key) =>
        key.EndsWith("-memory", StringComparison.Ordinal)
        || SizePrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>"4104 KiB" → 4202496; "0" → 0; "4 MiB" → 4194304; anything else → null.</summary>
    public static long? ParseSize(string value)
    {
        var parts = value.Split(' ');
        long multiplier = parts.Length switch
        {
            1 => 1,
            2 when parts[1] == "KiB" => 1024,
            2 when parts[1] == "MiB" => 1024 * 1024,
            _ => 0,
        };
        if (multiplier == 0 || parts[0].Length == 0) return null;
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
        return number > long.MaxValue / multiplier ? null : number * multiplier;
    }
}
