using HilHarness.Inventory;
using HilHarness.Resilience;
using HilHarness.Transport;

namespace HilHarness.Power;

/// <summary>
/// Brings back a board that stopped answering: power-cycle it (when it has power control), wait a bounded time
/// until a trivial command runs again, and hand it back for a re-deploy. The test that was running stays
/// InfraError; recovery is for the tests after it. Like a labgrid strategy, a board whose recovery failed stays
/// broken for the rest of the run instead of being retried forever.
/// </summary>
public sealed class BoardRecovery(BoardRecord board, IBoardTransport transport, BoardPipelines pipelines, TimeProvider time, Action<string> log)
{
    public bool Broken { get; private set; }

    /// <summary>True when the board answers again within <paramref name="bootWait"/>.</summary>
    public async Task<bool> RecoverAsync(TimeSpan bootWait, TimeSpan poll, CancellationToken cancellationToken)
    {
        if (Broken)
            return false;
        var power = new PowerController(board);
        if (!power.CanCycle)
        {
            log($"{board.Name}: not answering and has no power control in {board.Origin}; its remaining tests are InfraError");
            Broken = true;
            return false;
        }
        try
        {
            log($"{board.Name}: not answering; power-cycling");
            await pipelines.ExecuteAsync(FailureDomain.Power, board.Name, async ct => { await power.CycleAsync(ct).ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
        }
        catch (InfraException e)
        {
            log($"{board.Name}: power cycle failed: {e.Message}");
            Broken = true;
            return false;
        }
        var deadline = time.GetUtcNow() + bootWait;
        while (time.GetUtcNow() < deadline)
        {
            try
            {
                var result = await transport.RunAsync("true", TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    log($"{board.Name}: answering again after the power cycle");
                    return true;
                }
            }
            catch (InfraException e) when (e.Kind is InfraErrorKind.Unreachable or InfraErrorKind.Timeout)
            {
                // Still booting.
            }
            await Task.Delay(poll, time, cancellationToken).ConfigureAwait(false);
        }
        log($"{board.Name}: still not answering {bootWait.TotalSeconds:0} s after the power cycle; its remaining tests are InfraError");
        Broken = true;
        return false;
    }
}
