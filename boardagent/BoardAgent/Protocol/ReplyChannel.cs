using System.Text;
using System.Text.Json;

namespace HilHarness.BoardAgent.Protocol;

/// <summary>
/// Writes reply and progress lines. Every line is flushed at once: a host reading a batch must hold every completed
/// step even if the agent dies on the next one. Serialised with a lock because race threads and the loop share it.
/// </summary>
public sealed class ReplyChannel(TextWriter output)
{
    private static readonly UTF8Encoding Utf8 = new(false, false);
    /// <summary>The bytes under a UTF-8 StreamWriter (the agent's stdout): lines are UTF-8 already, so they go there
    /// as they are instead of being decoded to chars and encoded back.</summary>
    private readonly Stream? raw = output is StreamWriter { Encoding: UTF8Encoding } writer ? writer.BaseStream : null;
    private readonly Lock gate = new();
    private byte[] line = new byte[1024];
    private char[] chars = new char[1024];

    /// <summary><c>{"id":N, …body fields…}</c>.</summary>
    public void Reply(long? id, ReadOnlySpan<byte> body)
    {
        lock (gate)
        {
            int n = Prefix(id, ",");
            n = Append(n, body[1..]);
            Emit(n);
        }
    }

    /// <summary><c>{"id":N,"progress":{"index":i,"result":body}}</c>.</summary>
    public void Progress(long? id, int index, ReadOnlySpan<byte> body)
    {
        lock (gate)
        {
            int n = Prefix(id, ",\"progress\":{\"index\":");
            n = Append(n, Encoding.ASCII.GetBytes(index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            n = Append(n, ",\"result\":"u8);
            n = Append(n, body);
            n = Append(n, "}}"u8);
            Emit(n);
        }
    }

    /// <summary>An error reply with no op behind it (bad JSON, a line too long, a bad envelope).</summary>
    public void Error(long? id, string code, string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, StepBuffer.WriterOptions))
        {
            Dispatcher.WriteError(writer, code, message);
            writer.WriteEndObject();
        }
        Reply(id, buffer.WrittenSpan);
    }

    private int Prefix(long? id, string after)
    {
        int n = Append(0, "{\"id\":"u8);
        n = Append(n, Encoding.ASCII.GetBytes(id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"));
        return Append(n, Encoding.ASCII.GetBytes(after));
    }

    private int Append(int at, ReadOnlySpan<byte> bytes)
    {
        if (at + bytes.Length + 1 > line.Length) Array.Resize(ref line, Math.Max(line.Length * 2, at + bytes.Length + 1));
        bytes.CopyTo(line.AsSpan(at));
        return at + bytes.Length;
    }

    private void Emit(int length)
    {
        line[length++] = (byte)'\n';
        if (raw is not null)
        {
            output.Flush();   // nothing else writes to it, but never reorder what might have been
            raw.Write(line, 0, length);
            raw.Flush();
            return;
        }
        int needed = Utf8.GetMaxCharCount(length);
        if (needed > chars.Length) chars = new char[Math.Max(needed, chars.Length * 2)];
        int count = Utf8.GetChars(line, 0, length, chars, 0);
        output.Write(chars, 0, count);
        output.Flush();
    }
}
