using BenchmarkDotNet.Attributes;
using HilHarness.Benchmarks.Jobs;
using HilHarness.Deploy;
using HilHarness.Sessions;
using HilHarness.Transport;

namespace HilHarness.Benchmarks.Transport;

/// <summary>
/// Issue 5's session figures over loopback SSH with the agent already deployed: a warm session start through
/// <see cref="BoardSessionFactory"/> exactly as <c>hil run</c> opens a board (new ssh control master, lease, deploy
/// check, agent start, hello; target ≤ 1 s; the local transport alongside for scale), and re-deploying the unchanged
/// agent, which must be exactly one remote command: the benchmark throws otherwise, so a figure for it is proof.
/// Session teardown (bye, lease release, ssh -O exit) runs in IterationCleanup, outside the measurement.
/// </summary>
[InProcessMonitoringJob(warmupCount: 2, iterationCount: 10)]
[MedianColumn]
public class SessionStartBenchmarks
{
    private BenchBoards boards = null!;
    private AgentPackage package = null!;
    private OpenSshTransport redeployTransport = null!;
    private BoardSession? opened;

    [GlobalSetup]
    public void Setup()
    {
        boards = new BenchBoards();
        package = AgentLocator.LocateAsync(CancellationToken.None).GetAwaiter().GetResult();
        redeployTransport = new OpenSshTransport(boards.Ssh);
        // The first deploy uploads the agent; every measured start after it finds the agent in place.
        boards.Factory.DeployAsync(boards.Ssh, redeployTransport, CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        redeployTransport.DisposeAsync().AsTask().GetAwaiter().GetResult();
        boards.Dispose();
    }

    [IterationCleanup(Targets = [nameof(SshWarmSessionStart), nameof(LocalSessionStart)])]
    public void CloseSession()
    {
        opened?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        opened = null;
    }

    [Benchmark]
    public async Task SshWarmSessionStart() =>
        opened = await boards.Factory.OpenAsync(boards.Ssh, CancellationToken.None).ConfigureAwait(false);

    [Benchmark]
    public async Task LocalSessionStart() =>
        opened = await boards.Factory.OpenAsync(boards.Local, CancellationToken.None).ConfigureAwait(false);

    [Benchmark]
    public async Task SshRedeployUnchangedAgent()
    {
        var deployed = await new AgentDeployer().EnsureAsync(redeployTransport, boards.Ssh, package, CancellationToken.None).ConfigureAwait(false);
        if (deployed.Uploaded || deployed.RemoteCommands != 1)
            throw new InvalidOperationException($"re-deploying the unchanged agent {package.Hash} to {boards.Ssh} uploaded={deployed.Uploaded} and took {deployed.RemoteCommands} remote commands; expected no upload and exactly 1");
    }
}
