namespace HilHarness.BoardAgent.Protocol;

/// <summary>What <see cref="BoundedLineReader.Next"/> found.</summary>
public enum LineStatus
{
    /// <summary>A line (without its newline) is in <see cref="BoundedLineReader.Line"/>.</summary>
    Line,
    /// <summary>The line exceeded the byte limit; it was read to its newline and thrown away.</summary>
    TooLong,
    /// <summary>End of input.</summary>
    End,
}

/// <summary>
/// Splits input into lines while enforcing a limit in UTF-8 bytes. An oversized line is never held whole: once it
/// passes the limit its characters are discarded as they arrive, up to the next newline, so a hostile or broken
/// peer cannot make the agent allocate without bound.
/// </summary>
public sealed class BoundedLineReader(TextReader input, int maxBytes)
{
    private readonly char[] chunk = new char[16 * 1024];
    private int chunkStart, chunkEnd;
    private char[] line = new char[4 * 1024];
    private int lineLength;

    /// <summary>The last line read (valid until the next call).</summary>
    public ReadOnlyMemory<char> Line => line.AsMemory(0, lineLength);

    public int MaxBytes { get; } = maxBytes;

    public LineStatus Next()
    {
        lineLength = 0;
        long bytes = 0;
        bool overflow = false, sawAny = false;
        while (true)
        {
            if (chunkStart == chunkEnd)
            {
                chunkStart = 0;
                chunkEnd = input.Read(chunk, 0, chunk.Length);
                if (chunkEnd <= 0)
                {
                    chunkEnd = 0;
                    // A last line without its newline (a truncated stream) is still a line.
                    if (!sawAny) return LineStatus.End;
                    return overflow ? LineStatus.TooLong : LineStatus.Line;
                }
            }
            sawAny = true;
            var span = chunk.AsSpan(chunkStart, chunkEnd - chunkStart);
            int newline = span.IndexOf('\n');
            var part = newline >= 0 ? span[..newline] : span;
            chunkStart += newline >= 0 ? newline + 1 : span.Length;
            if (!overflow)
            {
                bytes += Utf8Length(part);
                if (bytes > MaxBytes) overflow = true;
                else Append(part);
            }
            if (newline >= 0)
            {
                if (overflow) return LineStatus.TooLong;
                if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
                return LineStatus.Line;
            }
        }
    }

    private void Append(ReadOnlySpan<char> part)
    {
        if (lineLength + part.Length > line.Length)
            Array.Resize(ref line, Math.Max(line.Length * 2, lineLength + part.Length));
        part.CopyTo(line.AsSpan(lineLength));
        lineLength += part.Length;
    }

    /// <summary>UTF-8 length of UTF-16 text: a surrogate half counts 2, so a pair counts the 4 bytes it encodes to.</summary>
    private static long Utf8Length(ReadOnlySpan<char> text)
    {
        long n = 0;
        foreach (char c in text)
            n += c < 0x80 ? 1 : c < 0x800 || char.IsSurrogate(c) ? 2 : 3;
        return n;
    }
}
