using System.Globalization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>
/// Parses panthor's debugfs <c>gems</c> (panthor_gem_debugfs_print_bos, 2025+; kernel-facts D.4). The file is:
/// two "GEM state flags:" / "GEM usage flags:" legend lines, a blank line, a column header, a dashed rule, one line
/// per object printed as <c>"%-32s%-16d%-16d%-16zd%-16zd0x%-16lx"</c> (creator, global name, refcount, size,
/// resident size, file offset) then <c>"0x%-8x 0x%-10x"</c> (state, usage) then the label, a rule of '=' and
/// <c>"Total size: %zd, Total resident: %zd, Total reclaimable: %zd"</c>. Later kernels add an "evictions"
/// column after refcount (and narrow refcount to 11 columns); both layouts are accepted.
/// </summary>
public static class GemsParser
{
    private const int CreatorWidth = 32; // creator_info is char[32], so the "%-32s" column always ends at 32.
    private const string TotalsPrefix = "Total size: ";

    public static GemsReport Parse(string text)
    {
        var objects = new List<GemObject>();
        bool? hasEvictions = null;
        (long Size, long Resident, long Reclaimable)? totals = null;
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            int lineNumber = i + 1;
            if (line.Trim().Length == 0 || line.StartsWith("GEM state flags:", StringComparison.Ordinal)
                || line.StartsWith("GEM usage flags:", StringComparison.Ordinal) || IsRule(line))
                continue;
            if (line.StartsWith("created-by", StringComparison.Ordinal))
            {
                hasEvictions = line.Contains("evictions", StringComparison.Ordinal);
                continue;
            }
            if (line.StartsWith(TotalsPrefix, StringComparison.Ordinal))
            {
                totals = ParseTotals(line);
                if (totals is null) return GemsReport.NotAvailable($"gems line {lineNumber}: malformed totals \"{line}\"");
                continue;
            }
            if (totals is not null)
                return GemsReport.NotAvailable($"gems line {lineNumber}: text after the totals line: \"{line}\"");
            var parsed = ParseObject(line, hasEvictions, out var error);
            if (parsed is null) return GemsReport.NotAvailable($"gems line {lineNumber}: {error}: \"{line}\"");
            objects.Add(parsed);
        }
        if (totals is not { } t)
            return GemsReport.NotAvailable("gems: no \"Total size: …\" line (truncated file or not panthor's gems)");
        return new GemsReport { Objects = objects, TotalSize = t.Size, TotalResident = t.Resident, TotalReclaimable = t.Reclaimable };
    }

    private static bool IsRule(string line) =>
        line.Length > 0 && (line.AsSpan().TrimEnd().IndexOfAnyExcept('-') < 0 || line.AsSpan().TrimEnd().IndexOfAnyExcept('=') < 0);

    private static (long, long, long)? ParseTotals(string line)
    {
        // "Total size: 123, Total resident: 45, Total reclaimable: 0"
        var parts = line.Split(", ");
        if (parts.Length != 3) return null;
        string[] keys = ["Total size: ", "Total resident: ", "Total reclaimable: "];
        var values = new long[3];
        for (int k = 0; k < 3; k++)
        {
            if (!parts[k].StartsWith(keys[k], StringComparison.Ordinal)
                || !long.TryParse(parts[k].AsSpan(keys[k].Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[k]))
                return null;
        }
        return (values[0], values[1], values[2]);
    }

    private static GemObject? ParseObject(string line, bool? hasEvictions, out string error)
    {
        if (line.Length <= CreatorWidth) { error = "object line shorter than the 32-column creator field"; return null; }
        var creator = line[..CreatorWidth].TrimEnd();
        var rest = line.AsSpan(CreatorWidth);

        // Decimal columns up to the first "0x" token (the file offset); then offset, state, usage; then the label.
        var decimals = new List<long>(5);
        string? token;
        while ((token = NextToken(ref rest)) is not null && !token.StartsWith("0x", StringComparison.Ordinal))
        {
            if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            { error = $"\"{token}\" is not a decimal number"; return null; }
            decimals.Add(value);
        }
        int expected = hasEvictions switch { true => 5, false => 4, null => decimals.Count };
        if (decimals.Count != expected || decimals.Count is not (4 or 5))
        { error = $"expected {(hasEvictions is null ? "4 or 5" : expected)} decimal columns before the file offset, found {decimals.Count}"; return null; }
        if (token is null) { error = "no file-offset column"; return null; }
        var stateToken = NextToken(ref rest);
        var usageToken = NextToken(ref rest);
        if (!TryHex(token, out var offset) || stateToken is null || !TryHex(stateToken, out var state)
            || usageToken is null || !TryHex(usageToken, out var usage) || state > uint.MaxValue || usage > uint.MaxValue)
        { error = "file-offset, state and usage must be 0x-prefixed hex numbers"; return null; }

        bool evictions = decimals.Count == 5;
        error = "";
        return new GemObject
        {
            CreatedBy = creator,
            GlobalName = decimals[0],
            Refcount = decimals[1],
            Evictions = evictions ? decimals[2] : null,
            Size = decimals[evictions ? 3 : 2],
            ResidentSize = decimals[evictions ? 4 : 3],
            FileOffset = offset,
            State = (uint)state,
            Usage = (uint)usage,
            Label = rest.Trim().ToString(),
        };
    }

    /// <summary>The next space-separated token of <paramref name="rest"/>, which is advanced past it.</summary>
    private static string? NextToken(ref ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart(' ');
        if (rest.IsEmpty) return null;
        int end = rest.IndexOf(' ');
        if (end < 0) end = rest.Length;
        var token = rest[..end].ToString();
        rest = rest[end..];
        return token;
    }

    private static bool TryHex(string token, out ulong value)
    {
        value = 0;
        return token.StartsWith("0x", StringComparison.Ordinal)
               && ulong.TryParse(token.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
