using System.Text;
using System.Text.Json;

namespace HilHarness.BoardAgent.Protocol;

/// <summary>
/// Writes reply and progress lines. A line is flushed at once unless its writer says it may be held: a host reading a
/// batch must hold every completed step even if the agent dies on the next one. Serialised with a lock because race
/// threads, the loop and the hold timer share it.
/// </summary>
/// <remarks>Held progress lines (a batch on a simulated kernel, see <see cref="Ops.BatchOp"/>) go out together with
/// the next line that is not held, once <see cref="HoldBytes"/> are waiting, at the latest <see cref="DefaultHoldLimit"/>
/// after the first of them (so a step that blocks cannot keep earlier results from the host), and on
/// <see cref="Flush"/> (a simulated oops calls it before the process ends). One write per line was a write(2) and a
/// host wake-up per model-based step.</remarks>
/// <param name="output">Where lines go.</param>
/// <param name="holdLimit">Longest a held line waits; <see cref="DefaultHoldLimit"/> unless a test needs another.</param>
public sealed class ReplyChannel(TextWriter output, TimeSpan? holdLimit = null)
{
    /// <summary>Longest a held line waits: far below any host's step timeout, far above a batch step's duration.</summary>
    public static readonly TimeSpan DefaultHoldLimit = TimeSpan.FromMilliseconds(20);

    /// <summary>Held bytes that are written out without waiting for more (about 30 model-based steps).</summary>
    public const int HoldBytes = 16 * 1024;

    private static readonly UTF8Encoding Utf8 = new(false, false);
    /// <summary>The bytes under a UTF-8 StreamWriter (the agent's stdout): lines are UTF-8 already, so they go there
    /// as they are instead of being decoded to chars and encoded back.</summary>
    private readonly Stream? raw = output is StreamWriter { Encoding: UTF8Encoding } writer ? writer.BaseStream : null;
    private readonly Lock gate = new();
    private byte[] line = new byte[1024];
    private char[] chars = new char[1024];
    /// <summary>Complete lines not yet written, oldest first.</summary>
    private byte[] held = new byte[HoldBytes + 1024];
    private int heldLength;
    private Timer? holdTimer;
    private readonly TimeSpan holdFor = holdLimit ?? DefaultHoldLimit;

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

    /// <summary><c>{"id":N,"progress":{"index":i,"result":body}}</c>; with <paramref name="hold"/> the line may wait
    /// (at most the hold limit) to go out with later ones.</summary>
    public void Progress(long? id, int index, ReadOnlySpan<byte> body, bool hold = false)
    {
        lock (gate)
        {
            int n = Prefix(id, ",\"progress\":{\"index\":");
            n = Append(n, Encoding.ASCII.GetBytes(index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            n = Append(n, ",\"result\":"u8);
            n = Append(n, body);
            n = Append(n, "}}"u8);
            if (hold) Hold(n);
            else Emit(n);
        }
    }

    /// <summary>Writes every held line now.</summary>
    public void Flush()
    {
        lock (gate) WriteHeld();
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

    /// <summary>Writes the held lines and then this one, in one write.</summary>
    private void Emit(int length)
    {
        if (heldLength == 0)
        {
            line[length++] = (byte)'\n';
            Write(line, length);
            return;
        }
        Hold(length);
        WriteHeld();
    }

    private void Hold(int length)
    {
        if (heldLength + length + 1 > held.Length) Array.Resize(ref held, Math.Max(held.Length * 2, heldLength + length + 1));
        bool first = heldLength == 0;
        line.AsSpan(0, length).CopyTo(held.AsSpan(heldLength));
        heldLength += length;
        held[heldLength++] = (byte)'\n';
        if (heldLength >= HoldBytes) WriteHeld();
        else if (first)
        {
            holdTimer ??= new Timer(_ => FlushFromTimer());
            holdTimer.Change(holdFor, Timeout.InfiniteTimeSpan);
        }
    }

    private void FlushFromTimer()
    {
        try
        {
            Flush();
        }
        catch (IOException)
        {
            // The host closed our stdout: nobody reads these lines, and the loop's next reply meets the same error.
        }
    }

    private void WriteHeld()
    {
        if (heldLength == 0) return;
        int length = heldLength;
        heldLength = 0;
        Write(held, length);
    }

    private void Write(byte[] bytes, int length)
    {
        if (raw is not null)
        {
            output.Flush();   // nothing else writes to it, but never reorder what might have been
            raw.Write(bytes, 0, length);
            raw.Flush();
            return;
        }
        int needed = Utf8.GetMaxCharCount(length);
        if (needed > chars.Length) chars = new char[Math.Max(needed, chars.Length * 2)];
        int count = Utf8.GetChars(bytes, 0, length, chars, 0);
        output.Write(chars, 0, count);
        output.Flush();
    }
}
