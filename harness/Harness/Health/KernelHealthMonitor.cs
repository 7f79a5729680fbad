using System.Text.Json.Nodes;
using HilHarness.Agent;

namespace HilHarness.Health;

/// <summary>
/// Brackets one test on a live session: remembers the kmsg sequence number and the taint at the start, and at the
/// end reads the records since then and the new taint. Sequence numbers delimit the window because the protocol
/// has no op that writes to /dev/kmsg; they are exact and need no privilege.
/// </summary>
public sealed class KernelHealthMonitor(IBoardSession session, KernelAllowlist allowlist)
{
    private long _fromSequence;
    private long _taintBefore;

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        var (_, next, taint, _) = await ObserveAsync(null, cancellationToken).ConfigureAwait(false);
        _fromSequence = next;
        _taintBefore = taint;
    }

    public async Task<KernelHealthVerdict> EndAsync(CancellationToken cancellationToken)
    {
        var (records, _, taint, unavailable) = await ObserveAsync(_fromSequence, cancellationToken).ConfigureAwait(false);
        return KernelHealthVerdict.From(records, allowlist, _taintBefore, taint) with { Unobservable = unavailable };
    }

    private async Task<(IReadOnlyList<KmsgRecord> Records, long Next, long Taint, string? Unavailable)> ObserveAsync(long? from, CancellationToken cancellationToken)
    {
        var args = new JsonObject { ["what"] = new JsonArray("kmsg", "taint") };
        if (from is { } seq)
            args["kmsg_from"] = seq;
        var reply = await session.CallAsync(new AgentStep("observe", args), cancellationToken).ConfigureAwait(false);
        var kmsg = reply.Out?["kmsg"] as JsonObject;
        var taint = reply.Out?["taint"] as JsonObject;
        string? unavailable = kmsg?["unavailable"]?.GetValue<string>() ?? (reply.Ok ? null : reply.Error?.ToString());
        return (KmsgRecord.ListFromObserve(kmsg),
            kmsg?["next_seq"]?.GetValue<long>() ?? from ?? 0,
            taint?["value"]?.GetValue<long>() ?? 0,
            unavailable);
    }
}
