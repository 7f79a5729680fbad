using System.Globalization;
using System.Text.Json;
using HilHarness.Transport;

namespace HilHarness.Leases;

/// <summary>
/// A lease on one board, held in the board's own <c>~/.cache/hil-agent/lease/</c> so that runs from any number of
/// hosts exclude each other. It expires unless a heartbeat renews it, so a killed run (cancelled CI job, dead
/// laptop) never locks a board for good; an expired lease is broken with a log line naming its old owner.
/// </summary>
public sealed class BoardLease : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);
    private readonly IBoardTransport _transport;
    private readonly long _timeoutSeconds;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;

    private BoardLease(IBoardTransport transport, LeaseOwner owner, TimeSpan timeout, TimeProvider time, Action<string> log)
    {
        _transport = transport;
        Owner = owner;
        _timeoutSeconds = (long)timeout.TotalSeconds;
        _log = log;
        _heartbeat = HeartbeatAsync(TimeSpan.FromSeconds(Math.Max(1, _timeoutSeconds / 3)), time);
    }

    public LeaseOwner Owner { get; }

    /// <summary>True once a heartbeat found the lease gone or taken (the run must stop using the board).</summary>
    public bool Lost { get; private set; }

    /// <summary>Takes the board's lease, waiting up to <paramref name="wait"/> (polling every
    /// <paramref name="poll"/>) while another live run holds it; then fails with a message naming the holder.</summary>
    public static async Task<BoardLease> AcquireAsync(
        IBoardTransport transport, LeaseOwner owner, TimeSpan timeout, TimeSpan wait, TimeSpan poll, TimeProvider time,
        Action<string> log, CancellationToken cancellationToken)
    {
        long timeoutSeconds = (long)timeout.TotalSeconds;
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var result = await transport.RunAsync(LeaseScripts.Acquire(owner, timeoutSeconds), CommandTimeout, cancellationToken).ConfigureAwait(false);
            var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length > 0 && lines[0] == "acquired")
                return new BoardLease(transport, owner, timeout, time, log);
            if (lines.Length == 0 || !lines[0].StartsWith("held ", StringComparison.Ordinal))
                throw new InfraException(transport.BoardName, InfraErrorKind.Lease,
                    $"could not take the lease in ~/{LeaseScripts.Directory} (exit {result.ExitCode}): {result.Diagnostic}");

            var fields = lines[0].Split(' ');
            long now = long.Parse(fields[1], CultureInfo.InvariantCulture), age = long.Parse(fields[2], CultureInfo.InvariantCulture);
            var holder = lines.Length > 1 ? TryParse(lines[1]) : null;
            bool expired = holder is not null ? holder.Expires < now : age > timeoutSeconds;
            if (expired)
            {
                var broke = await transport.RunAsync(LeaseScripts.Break(holder?.Token, timeoutSeconds), CommandTimeout, cancellationToken).ConfigureAwait(false);
                if (broke.Stdout.Contains("broken", StringComparison.Ordinal))
                    log(holder is null
                        ? $"{transport.BoardName}: broke an unfinished lease left {age} s ago by a run that died while taking it"
                        : $"{transport.BoardName}: broke the expired lease of {holder}, expired {now - holder.Expires} s ago");
                continue;
            }
            if (time.GetUtcNow() >= deadline)
                throw new InfraException(transport.BoardName, InfraErrorKind.Lease,
                    holder is null
                        ? "the board is being leased by another run right now (its lease file is not written yet)"
                        : $"the board is leased by {holder} until {DateTimeOffset.FromUnixTimeSeconds(holder.Expires):u} " +
                          $"({holder.Expires - now} s from now unless renewed); waited {wait.TotalSeconds:0} s");
            await Task.Delay(poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Who holds the board's lease now, or null (for <c>hil boards</c>).</summary>
    public static async Task<(LeaseRecord? Holder, bool Expired)> InspectAsync(IBoardTransport transport, CancellationToken cancellationToken)
    {
        var result = await transport.RunAsync(LeaseScripts.Show(), CommandTimeout, cancellationToken).ConfigureAwait(false);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2 || !lines[0].StartsWith("now ", StringComparison.Ordinal))
            return (null, false);
        var holder = TryParse(lines[1]);
        return (holder, holder is not null && holder.Expires < long.Parse(lines[0][4..], CultureInfo.InvariantCulture));
    }

    /// <summary>Renews once now; false when the lease was lost.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        var result = await _transport.RunAsync(LeaseScripts.Renew(Owner, _timeoutSeconds), CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (result.Stdout.StartsWith("renewed", StringComparison.Ordinal))
            return true;
        if (!Lost)
            _log($"{_transport.BoardName}: lost the lease (now held by: {result.Stdout.Split('\n').Skip(1).FirstOrDefault() ?? "nobody"})");
        Lost = true;
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _heartbeat.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The heartbeat ends by cancellation.
        }
        try
        {
            await _transport.RunAsync(LeaseScripts.Release(Owner), CommandTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (InfraException e)
        {
            // An unreachable board cannot be released; the lease expires by itself.
            _log($"{_transport.BoardName}: could not release the lease ({e.Message}); it expires in at most {_timeoutSeconds} s");
        }
        _stop.Dispose();
    }

    private async Task HeartbeatAsync(TimeSpan interval, TimeProvider time)
    {
        await Task.Yield();
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(interval, time, _stop.Token).ConfigureAwait(false);
            try
            {
                if (!await RenewAsync(_stop.Token).ConfigureAwait(false))
                    return;
            }
            catch (InfraException e)
            {
                // A missed heartbeat is not yet a lost lease: the expiry leaves room for two more tries.
                _log($"{_transport.BoardName}: lease heartbeat failed ({e.Message})");
            }
        }
    }

    private static LeaseRecord? TryParse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, LeaseJsonContext.Default.LeaseRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
