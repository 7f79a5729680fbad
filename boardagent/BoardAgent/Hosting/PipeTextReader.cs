using System.Text;

namespace HilHarness.BoardAgent.Hosting;

/// <summary>
/// A TextReader over a pipe that returns whatever one read(2) delivered. StreamReader keeps reading until its
/// buffer is full when the previous read filled it, so on a pipe it can sit on a complete request waiting for
/// bytes the host will only send after the reply. Invalid UTF-8 decodes to U+FFFD (the JSON parser then refuses
/// the line), and a sequence split across reads is joined by the stateful decoder.
/// </summary>
public sealed class PipeTextReader(Stream stream) : TextReader
{
    private readonly Decoder decoder = new UTF8Encoding(false, false).GetDecoder();
    private readonly byte[] bytes = new byte[64 * 1024];

    // Decoded but not yet returned: a read can decode more chars than the caller asked for. A few spare slots
    // hold what bytes left pending by the previous read add.
    private readonly char[] chars = new char[64 * 1024 + 8];
    private int charPosition, charLength;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (charPosition == charLength)
        {
            charPosition = 0;
            int n = stream.Read(bytes, 0, bytes.Length);
            if (n == 0)
            {
                charLength = decoder.GetChars([], chars, flush: true);
                if (charLength == 0) return 0;
                break;
            }
            // A read that ended inside a multi-byte sequence may decode to nothing yet; read again.
            charLength = decoder.GetChars(bytes.AsSpan(0, n), chars, flush: false);
        }
        int copied = Math.Min(buffer.Length, charLength - charPosition);
        chars.AsSpan(charPosition, copied).CopyTo(buffer);
        charPosition += copied;
        return copied;
    }

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) stream.Dispose();
        base.Dispose(disposing);
    }
}
