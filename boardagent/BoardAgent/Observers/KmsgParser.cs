using System.Globalization;
using System.Text;

namespace HilHarness.BoardAgent.Observers;

/// <summary>
/// Parses /dev/kmsg records (Documentation/ABI/testing/dev-kmsg): a header <c>prio,seq,usec,flags[,…];</c>, the
/// message, and continuation lines that start with a space (<c> SUBSYSTEM=…</c>). The kernel escapes
/// non-printable bytes and the backslash as <c>\xNN</c>; they are decoded back to the original bytes (UTF-8).
/// </summary>
public static class KmsgParser
{
    /// <summary>Parses the raw records (one string each, as <c>IKernel.ReadKmsg</c> returns them).</summary>
    public static KmsgReport Parse(IEnumerable<string> rawRecords, ulong fromSequence)
    {
        var records = new List<KmsgRecord>();
        ulong next = fromSequence;
        int index = 0;
        foreach (var raw in rawRecords)
        {
            var record = ParseRecord(raw, out var error);
            if (record is null) return KmsgReport.NotAvailable($"kmsg record {index}: {error}");
            records.Add(record);
            next = Math.Max(next, record.Seq + 1);
            index++;
        }
        return new KmsgReport { NextSeq = next, Records = records };
    }

    /// <summary>One record, or null with <paramref name="error"/> saying what is wrong with it.</summary>
    public static KmsgRecord? ParseRecord(string raw, out string error)
    {
        var lines = raw.TrimEnd('\n').Split('\n');
        var first = lines[0];
        int semicolon = first.IndexOf(';', StringComparison.Ordinal);
        if (semicolon < 0) { error = $"no ';' after the header in \"{Shorten(first)}\""; return null; }
        var header = first[..semicolon].Split(',');
        if (header.Length < 4) { error = $"header \"{first[..semicolon]}\" has fewer than 4 fields (prio,seq,usec,flags)"; return null; }
        if (!int.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out var prio)
            || !ulong.TryParse(header[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            || !ulong.TryParse(header[2], NumberStyles.None, CultureInfo.InvariantCulture, out var usec))
        { error = $"header \"{first[..semicolon]}\": prio, seq and usec must be unsigned decimal numbers"; return null; }

        var cont = new List<string>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith(' '))
            { error = $"line {i + 1} of record {seq} does not start with a space (continuation lines do): \"{Shorten(lines[i])}\""; return null; }
            cont.Add(Unescape(lines[i][1..]));
        }
        error = "";
        return new KmsgRecord
        {
            Prio = prio,
            Facility = prio >> 3,
            Level = prio & 7,
            Seq = seq,
            Usec = usec,
            Flags = header[3],
            Text = Unescape(first[(semicolon + 1)..]),
            Cont = cont,
        };
    }

    /// <summary>Decodes the kernel's <c>\xNN</c> escapes; a backslash not followed by x and two hex digits stays.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains("\\x", StringComparison.Ordinal)) return text;
        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length && text[i + 1] == 'x'
                && byte.TryParse(text.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 3;
                continue;
            }
            // A lone surrogate decodes to U+FFFD instead of throwing: the parser must survive any input.
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out int consumed);
            int n = rune.EncodeToUtf8(utf8);
            for (int k = 0; k < n; k++) bytes.Add(utf8[k]);
            i += consumed - 1;
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
