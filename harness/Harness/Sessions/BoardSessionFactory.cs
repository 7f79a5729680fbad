using HilHarness.Deploy;
using HilHarness.Inventory;
using HilHarness.Leases;
using HilHarness.Resilience;
using HilHarness.Transport;

namespace HilHarness.Sessions;

/// <summary>
/// From a boards.json record to a live session: transport → lease → deploy → start → hello. Connect, deploy and
/// agent start each go through their Polly pipeline; the session owns the lease and the transport and releases
/// them when disposed. <c>hil run</c> and the test fixtures open every board through this.
/// </summary>
public sealed class BoardSessionFactory(SessionFactoryOptions options)
{
    private readonly BoardPipelines _pipelines = options.Pipelines ?? new BoardPipelines(options.Time);
    private readonly AgentDeployer _deployer = new();
    private readonly SemaphoreSlim _packageGate = new(1, 1);
    private AgentPackage? _package;

    public BoardSessionFactory() : this(new SessionFactoryOptions()) { }

    public BoardPipelines Pipelines => _pipelines;

    public async Task<BoardSession> OpenAsync(BoardRecord board, CancellationToken cancellationToken)
    {
        var transport = BoardTransports.For(board);
        BoardLease? lease = null;
        try
        {
            // A board the harness boots itself (a QEMU guest) is powered on here, under the board's own boot
            // timeout: a TCG boot can outlast one connect attempt of the pipeline below.
            if (transport is ISelfPoweredTransport selfPowered)
                await selfPowered.PowerOnAsync(cancellationToken).ConfigureAwait(false);
            var owner = LeaseOwner.ForThisProcess(options.Purpose);
            lease = await _pipelines.ExecuteAsync(FailureDomain.Connect, board.Name,
                ct => new ValueTask<BoardLease>(BoardLease.AcquireAsync(transport, owner, board.LeaseTimeout, options.LeaseWait, options.LeasePoll, options.Time, options.Log, ct)),
                cancellationToken).ConfigureAwait(false);
            var deployed = await DeployAsync(board, transport, cancellationToken).ConfigureAwait(false);
            var launch = AgentLaunch.For(board, deployed.EntryAssembly);
            var probe = new KmsgCrashProbe(transport, launch, options.Session);
            var session = await _pipelines.ExecuteAsync(FailureDomain.AgentStart, board.Name,
                ct => new ValueTask<BoardSession>(BoardSession.StartAsync(board.Name, transport, launch, options.Session, probe, ct)),
                cancellationToken).ConfigureAwait(false);
            session.Own(transport);
            session.Own(lease);
            return session;
        }
        catch
        {
            if (lease is not null)
                await lease.DisposeAsync().ConfigureAwait(false);
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Puts the agent on the board (ssh) or points at the build output (local boards run it in place).</summary>
    public async Task<DeployedAgent> DeployAsync(BoardRecord board, IBoardTransport transport, CancellationToken cancellationToken)
    {
        var package = await PackageAsync(cancellationToken).ConfigureAwait(false);
        if (board.Kind == BoardKinds.Local)
            return new DeployedAgent(package.Directory, package.Hash, Uploaded: false, RemoteCommands: 0);
        return await _pipelines.ExecuteAsync(FailureDomain.Deploy, board.Name,
            ct => new ValueTask<DeployedAgent>(_deployer.EnsureAsync(transport, board, package, ct)), cancellationToken).ConfigureAwait(false);
    }

    private async Task<AgentPackage> PackageAsync(CancellationToken cancellationToken)
    {
        await _packageGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _package ??= await AgentLocator.LocateAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _packageGate.Release();
        }
    }
}
