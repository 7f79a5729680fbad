using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using HilHarness.Agent;
using HilHarness.Transport;

namespace HilHarness.Sessions;

/// <summary>
/// A live agent on one board. Owns every wait's timeout, notices the agent's death (end of stdout, exit code),
/// keeps the steps that completed before it, and classifies the failure. After a failure the session is broken:
/// the caller starts a new one (the factory, or recovery after a power cycle), never silently retries.
/// </summary>
public sealed class BoardSession : IBoardSession
{
    private readonly AgentConnection _connection;
    private readonly SessionOptions _options;
    private readonly ICrashProbe? _crashProbe;
    private readonly List<IAsyncDisposable> _owned = [];
    private long _kmsgStart;
    private string? _broken;

    private BoardSession(string boardName, AgentConnection connection, SessionOptions options, ICrashProbe? crashProbe)
    {
        BoardName = boardName;
        _connection = connection;
        _options = options;
        _crashProbe = crashProbe;
    }

    public string BoardName { get; }

    public AgentHello Hello { get; private set; } = null!;

    /// <summary>Why the session can no longer be used, or null while it is healthy.</summary>
    public string? Broken => _broken;

    /// <summary>Starts the agent, says hello and checks the protocol version.</summary>
    public static async Task<BoardSession> StartAsync(
        string boardName, IBoardTransport transport, AgentLaunch launch, SessionOptions options, ICrashProbe? crashProbe, CancellationToken cancellationToken)
    {
        var process = await transport.StartAsync(launch.Argv(), cancellationToken).ConfigureAwait(false);
        var session = new BoardSession(boardName, new AgentConnection(process), options, crashProbe);
        try
        {
            var hello = await session.CallAsync(new AgentStep("hello"), options.HelloTimeout, "hello", cancellationToken).ConfigureAwait(false);
            if (!hello.Ok || hello.Out is null)
                throw new InfraException(boardName, InfraErrorKind.Agent, $"the agent answered hello with an error: {hello.Error}");
            session.Hello = AgentHello.FromJson(hello.Out);
            if (session.Hello.Protocol != AgentLaunch.ProtocolVersion)
                throw new InfraException(boardName, InfraErrorKind.Agent,
                    $"the agent ({session.Hello.Agent}) speaks protocol {session.Hello.Protocol}, this harness speaks {AgentLaunch.ProtocolVersion}; deploy the agent from the same checkout");
            if (crashProbe is not null)
                session._kmsgStart = await session.KmsgNextSequenceAsync(cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Resources that live as long as the session (lease, transport), disposed after it in reverse order.</summary>
    public void Own(IAsyncDisposable resource) => _owned.Add(resource);

    public Task<AgentStepResult> CallAsync(AgentStep step, CancellationToken cancellationToken) =>
        CallAsync(step, _options.CallTimeout, step.Op, cancellationToken);

    public async Task<BatchOutcome> RunBatchAsync(IReadOnlyList<AgentStep> steps, BatchOptions options, CancellationToken cancellationToken)
    {
        if (_broken is not null)
            return new BatchOutcome([], new BatchFailure(BatchFailureKind.AgentDied, $"{BoardName}: the session is broken ({_broken}); start a new one"));
        void WriteArgs(Utf8JsonWriter writer) => WriteBatchArgs(writer, steps, options);

        var results = new List<AgentStepResult>(steps.Count);
        var (id, replies) = await _connection.SendAsync("batch", WriteArgs, cancellationToken).ConfigureAwait(false);
        using var batchDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        batchDeadline.CancelAfter(options.Timeout);
        // One step deadline for the whole batch, pushed back whenever a line arrives (a timer per step cost more than
        // the step); lines already waiting are taken without arming anything.
        using var stepDeadline = CancellationTokenSource.CreateLinkedTokenSource(batchDeadline.Token);
        try
        {
            while (true)
            {
                JsonElement message;
                try
                {
                    if (!replies.TryRead(out message))
                    {
                        stepDeadline.CancelAfter(_options.StepTimeout);
                        message = await replies.ReadAsync(stepDeadline.Token).ConfigureAwait(false);
                    }
                }
                catch (ChannelClosedException)
                {
                    return new BatchOutcome(results, await DeathAsync($"during step {results.Count} of {steps.Count} ({Describe(steps, results.Count)})", cancellationToken).ConfigureAwait(false));
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    string what = batchDeadline.IsCancellationRequested
                        ? $"the batch took longer than its {options.Timeout.TotalSeconds:0.#} s budget"
                        : $"no progress for {_options.StepTimeout.TotalSeconds:0.#} s";
                    Break($"{what} at step {results.Count} of {steps.Count} ({Describe(steps, results.Count)})");
                    return new BatchOutcome(results, new BatchFailure(BatchFailureKind.Timeout, $"{BoardName}: {_broken}; the agent was killed"));
                }
                if (message.TryGetProperty("progress"u8, out var progress))
                {
                    if (progress.ValueKind == JsonValueKind.Object && progress.TryGetProperty("result"u8, out var result) && result.ValueKind == JsonValueKind.Object)
                        results.Add(AgentStepResult.FromJson(result));
                    continue;
                }
                if (message.TryGetProperty("ok"u8, out var ok) && ok.ValueKind == JsonValueKind.True)
                    return new BatchOutcome(results, null);
                throw new InvalidOperationException(
                    $"{BoardName}: the agent rejected the batch of {steps.Count} steps: {AgentStepResult.FromJson(message).Error}");
            }
        }
        catch (OperationCanceledException)
        {
            Break("the batch was cancelled");
            throw;
        }
        finally
        {
            _connection.Forget(id);
        }
    }

    /// <summary>The batch request's args, written straight from the steps' own args (no copy of each step's tree).</summary>
    private static void WriteBatchArgs(Utf8JsonWriter writer, IReadOnlyList<AgentStep> steps, BatchOptions options)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("steps"u8);
        foreach (var step in steps)
        {
            writer.WriteStartObject();
            writer.WriteString("op"u8, step.Op);
            writer.WritePropertyName("args"u8);
            step.Args.WriteTo(writer);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteBoolean("stop_on_error"u8, options.StopOnError);
        if (options.ObserveAfterEach.Count > 0)
        {
            writer.WriteStartArray("observe_after_each"u8);
            foreach (string source in options.ObserveAfterEach) writer.WriteStringValue(source);
            writer.WriteEndArray();
        }
        if (options.ObserveFd is not null)
        {
            writer.WritePropertyName("observe_fd"u8);
            options.ObserveFd.WriteTo(writer);
        }
        if (options.ObserveChangesOnly)
            writer.WriteBoolean("observe_changes_only"u8, true);
        writer.WriteEndObject();
    }

    public async ValueTask DisposeAsync()
    {
        if (_broken is null && !_connection.Process.HasExited)
        {
            try
            {
                await CallAsync(new AgentStep("bye"), TimeSpan.FromSeconds(2), "bye", CancellationToken.None).ConfigureAwait(false);
                await _connection.Process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InfraException or TimeoutException)
            {
                // It is killed below either way.
            }
        }
        await _connection.DisposeAsync().ConfigureAwait(false);
        for (int i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync().ConfigureAwait(false);
    }

    private async Task<AgentStepResult> CallAsync(AgentStep step, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        if (_broken is not null)
            throw new InfraException(BoardName, InfraErrorKind.Agent, $"the session is broken ({_broken}); start a new one");
        var (id, replies) = await _connection.SendAsync(step.Op, writer => step.Args.WriteTo(writer), cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var message = await replies.ReadAsync(deadline.Token).ConfigureAwait(false);
                if (!message.TryGetProperty("progress"u8, out _))
                    return AgentStepResult.FromJson(message);
            }
        }
        catch (ChannelClosedException)
        {
            var failure = await DeathAsync($"while waiting for the reply to {what}", cancellationToken).ConfigureAwait(false);
            throw new InfraException(BoardName, failure.Kind == BatchFailureKind.Unreachable ? InfraErrorKind.Unreachable : InfraErrorKind.Agent,
                failure.Message + (failure.KernelEvidence is null ? "" : "\n" + failure.KernelEvidence));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Break($"no reply to {what} within {timeout.TotalSeconds:0.#} s");
            throw new InfraException(BoardName, InfraErrorKind.Timeout, $"{_broken}; the agent was killed{StderrTail()}");
        }
        finally
        {
            _connection.Forget(id);
        }
    }

    /// <summary>The agent's stdout ended: wait briefly for its exit code, ask the kernel log why, classify.</summary>
    private async Task<BatchFailure> DeathAsync(string when, CancellationToken cancellationToken)
    {
        var process = _connection.Process;
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(_options.ExitGrace, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill();
        }
        string exit = process.ExitCode is { } code ? $"exit code {code}" : "no exit code";
        string garbage = _connection.LastGarbage is { } g ? $"; last non-protocol output: {g}" : "";
        Break($"the agent died {when} ({exit})");
        string message = $"{BoardName}: {_broken}{garbage}{StderrTail()}";
        string? evidence = _crashProbe is null ? null : await _crashProbe.FindCrashAsync(_kmsgStart, cancellationToken).ConfigureAwait(false);
        if (evidence is not null)
            return new BatchFailure(BatchFailureKind.KernelCrash, message + "; the kernel log shows a crash", evidence);
        // ssh exits 255 when the connection itself broke: the board, not the agent, went away.
        var kind = process.ExitCode == 255 ? BatchFailureKind.Unreachable : BatchFailureKind.AgentDied;
        return new BatchFailure(kind, message);
    }

    private async Task<long> KmsgNextSequenceAsync(CancellationToken cancellationToken)
    {
        var reply = await CallAsync(new AgentStep("observe", new JsonObject { ["what"] = new JsonArray("kmsg") }), cancellationToken).ConfigureAwait(false);
        return reply.Out?["kmsg"]?["next_seq"] is JsonValue v && v.TryGetValue<long>(out long next) ? next : 0;
    }

    private void Break(string reason)
    {
        _broken ??= reason;
        _connection.Process.Kill();
    }

    private string StderrTail()
    {
        string text = _connection.Process.StandardErrorText.Trim();
        return text.Length == 0 ? "" : "; agent stderr: " + (text.Length > 600 ? "…" + text[^600..] : text);
    }

    private static string Describe(IReadOnlyList<AgentStep> steps, int index) => index < steps.Count ? steps[index].Op : "after the last step";
}
