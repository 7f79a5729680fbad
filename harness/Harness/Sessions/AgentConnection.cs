using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using HilHarness.Transport;

namespace HilHarness.Sessions;

/// <summary>
/// The JSON Lines pipe to one agent process: writes requests, reads every stdout line on one reader task and
/// routes it by id. When stdout ends, every waiter is woken with end-of-stream so nothing waits forever.
/// </summary>
/// <remarks>Lines are split and parsed as UTF-8 bytes into <see cref="JsonElement"/>s (no string per line, no node
/// tree): a 1,000-step batch is 1,000 progress lines, and building trees for them cost more host CPU than judging.</remarks>
internal sealed class AgentConnection : IAsyncDisposable
{
    /// <summary>Initial read buffer; it doubles for a longer line (an observation of many objects).</summary>
    private const int ReadBufferBytes = 64 * 1024;

    private readonly IRemoteProcess _process;
    private readonly ConcurrentDictionary<long, Channel<JsonElement>> _waiters = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;
    private long _nextId;

    public AgentConnection(IRemoteProcess process)
    {
        _process = process;
        _reader = Task.Run(ReadLoopAsync);
    }

    public IRemoteProcess Process => _process;

    /// <summary>Completes when the agent's stdout has ended.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Lines that were not JSON objects with an id (kept for the error message).</summary>
    public string? LastGarbage { get; private set; }

    /// <summary>Sends a request whose <c>args</c> object <paramref name="writeArgs"/> writes (none when null) and
    /// returns the channel its progress lines and reply arrive on.</summary>
    public async Task<(long Id, ChannelReader<JsonElement> Replies)> SendAsync(string op, Action<Utf8JsonWriter>? writeArgs, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref _nextId);
        var channel = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _waiters[id] = channel;
        if (_closed.Task.IsCompleted)
            channel.Writer.TryComplete();
        var line = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(line))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id"u8, id);
            writer.WriteString("op"u8, op);
            if (writeArgs is not null)
            {
                writer.WritePropertyName("args"u8);
                writeArgs(writer);
            }
            writer.WriteEndObject();
        }
        line.Write("\n"u8);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _process.StandardInput.WriteAsync(line.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The agent is gone; the reader sees end-of-stream and completes the channel.
        }
        catch (ObjectDisposedException)
        {
            channel.Writer.TryComplete();
        }
        finally
        {
            _writeGate.Release();
        }
        return (id, channel.Reader);
    }

    public void Forget(long id) => _waiters.TryRemove(id, out _);

    private async Task ReadLoopAsync()
    {
        try
        {
            var stream = _process.StandardOutput;
            byte[] buffer = new byte[ReadBufferBytes];
            int start = 0, end = 0;
            while (true)
            {
                int newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    Route(buffer.AsSpan(start, newline));
                    start += newline + 1;
                    continue;
                }
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
                int read = await stream.ReadAsync(buffer.AsMemory(end)).ConfigureAwait(false);
                if (read == 0)
                {
                    if (end > start) Route(buffer.AsSpan(start, end - start));
                    break;
                }
                end += read;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe broke: the same as end-of-stream.
        }
        finally
        {
            _closed.TrySetResult();
            foreach (var channel in _waiters.Values)
                channel.Writer.TryComplete();
        }
    }

    /// <summary>Hands one stdout line (without its newline) to the request it answers, or remembers it as garbage.</summary>
    private void Route(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
            line = line[..^1];
        try
        {
            var reader = new Utf8JsonReader(line);
            // ParseValue copies the line into the element's own document, so the read buffer can be reused.
            var message = JsonElement.ParseValue(ref reader);
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("id"u8, out var idValue)
                && idValue.TryGetInt64(out long id) && _waiters.TryGetValue(id, out var channel))
            {
                channel.Writer.TryWrite(message);
                return;
            }
        }
        catch (JsonException)
        {
            // Not JSON: remembered below; the protocol puts diagnostics on stderr, so this is a fault.
        }
        string text = Encoding.UTF8.GetString(line);
        LastGarbage = text.Length > 200 ? text[..200] + "…" : text;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
        _writeGate.Dispose();
    }
}
