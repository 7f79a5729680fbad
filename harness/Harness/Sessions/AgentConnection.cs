using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using HilHarness.Transport;

namespace HilHarness.Sessions;

/// <summary>
/// The JSON Lines pipe to one agent process: writes requests, reads every stdout line on one reader task and
/// routes it by id. When stdout ends, every waiter is woken with end-of-stream so nothing waits forever.
/// </summary>
internal sealed class AgentConnection : IAsyncDisposable
{
    private readonly IRemoteProcess _process;
    private readonly ConcurrentDictionary<long, Channel<JsonObject>> _waiters = new();
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

    /// <summary>Sends a request and returns the channel its progress lines and reply arrive on.</summary>
    public async Task<(long Id, ChannelReader<JsonObject> Replies)> SendAsync(string op, JsonObject? args, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref _nextId);
        var channel = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
        _waiters[id] = channel;
        if (_closed.Task.IsCompleted)
            channel.Writer.TryComplete();
        var request = new JsonObject { ["id"] = id, ["op"] = op };
        if (args is not null)
            request["args"] = args;
        byte[] line = Encoding.UTF8.GetBytes(request.ToJsonString() + "\n");
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _process.StandardInput.WriteAsync(line, cancellationToken).ConfigureAwait(false);
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
            using var reader = new StreamReader(_process.StandardOutput, Encoding.UTF8);
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                JsonObject? message = null;
                try
                {
                    message = JsonNode.Parse(line) as JsonObject;
                }
                catch (JsonException)
                {
                    // Not JSON: remembered below; the protocol puts diagnostics on stderr, so this is a fault.
                }
                if (message?["id"] is JsonValue idValue && idValue.TryGetValue<long>(out long id) && _waiters.TryGetValue(id, out var channel))
                    channel.Writer.TryWrite(message);
                else
                    LastGarbage = line.Length > 200 ? line[..200] + "…" : line;
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

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
        _writeGate.Dispose();
    }
}
