using HilHarness.Agent;
using HilHarness.Inventory;
using HilHarness.Sessions;

namespace HilHarness.Suites;

/// <summary>
/// The session a fixture (or a detection profile) runs its cases on. Opened once through
/// <see cref="BoardSessionFactory"/>; when a case breaks it (a kernel crash kills the agent, a timeout), the next case
/// gets a fresh one, because a broken session is never reused.
/// </summary>
public sealed class SuiteSession(BoardRecord board, BoardSessionFactory factory) : IAsyncDisposable
{
    private BoardSession? _session;

    public BoardRecord Board => board;

    /// <summary>The live session, opened or reopened as needed. Throws <see cref="Transport.InfraException"/> when
    /// the board cannot be reached.</summary>
    public async Task<IBoardSession> GetAsync(CancellationToken cancellationToken)
    {
        if (_session is { Broken: not null })
        {
            await _session.DisposeAsync().ConfigureAwait(false);
            _session = null;
        }
        return _session ??= await factory.OpenAsync(board, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
            await _session.DisposeAsync().ConfigureAwait(false);
        _session = null;
    }
}
