using System.Text.Json.Nodes;
using HilHarness.Agent;
using HilHarness.Health;
using HilHarness.Transport;

namespace HilHarness.Sessions;

/// <summary>
/// Starts a fresh agent on the same board (for a simulated board: on the same <c>--sim-state</c> directory, which
/// keeps the simulated kernel's log as a real board keeps its own) and reads kmsg from where the session began.
/// </summary>
public sealed class KmsgCrashProbe(IBoardTransport transport, AgentLaunch launch, SessionOptions options) : ICrashProbe
{
    public async Task<string?> FindCrashAsync(long fromSequence, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.CrashProbeTimeout);
        try
        {
            var probeOptions = options with { HelloTimeout = options.CrashProbeTimeout, CallTimeout = options.CrashProbeTimeout };
            await using var session = await BoardSession.StartAsync(transport.BoardName, transport, launch, probeOptions, crashProbe: null, deadline.Token).ConfigureAwait(false);
            var reply = await session.CallAsync(new AgentStep("observe", new JsonObject { ["what"] = new JsonArray("kmsg"), ["kmsg_from"] = fromSequence }), deadline.Token).ConfigureAwait(false);
            var records = KmsgRecord.ListFromObserve(reply.Out?["kmsg"] as JsonObject);
            if (!KernelLogClassifier.ShowsCrash(records))
                return null;
            var issues = KernelLogClassifier.Find(records, KernelAllowlist.Empty);
            return string.Join('\n', issues.SelectMany(i => i.Excerpt).Distinct().OrderBy(r => r.Sequence));
        }
        catch (Exception e) when (e is InfraException or OperationCanceledException)
        {
            // A board that cannot be asked gives no kernel evidence; the death stays infrastructure trouble.
            return null;
        }
    }
}
