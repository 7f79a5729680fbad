using BenchmarkDotNet.Attributes;
using HilHarness.Benchmarks.Jobs;
using HilHarness.Agent;
using HilHarness.Sessions;

namespace HilHarness.Benchmarks.Transport;

/// <summary>
/// Issue 5's transport overhead: the same 1,000-step batch (<see cref="BenchBoards.Batch"/>) on a session over
/// the local transport (the baseline) and over loopback SSH, both already started. Target: the Ratio column of
/// the SSH row ≤ 1.2. Each iteration is one batch (Monitoring: no pilot, no unrolling), since one batch is tens
/// of milliseconds and a whole round trip is what is compared.
/// </summary>
[InProcessMonitoringJob(warmupCount: 5, iterationCount: 50)]
[MedianColumn]
[MemoryDiagnoser]
public class BatchTransportBenchmarks
{
    private readonly IReadOnlyList<AgentStep> steps = BenchBoards.Batch();
    private BenchBoards boards = null!;
    private BoardSession local = null!;
    private BoardSession ssh = null!;

    [GlobalSetup]
    public void Setup()
    {
        boards = new BenchBoards();
        local = boards.Factory.OpenAsync(boards.Local, CancellationToken.None).GetAwaiter().GetResult();
        ssh = boards.Factory.OpenAsync(boards.Ssh, CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ssh.DisposeAsync().AsTask().GetAwaiter().GetResult();
        local.DisposeAsync().AsTask().GetAwaiter().GetResult();
        boards.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task LocalBatch1000() => BenchBoards.RunBatchAsync(local, steps);

    [Benchmark]
    public Task SshBatch1000() => BenchBoards.RunBatchAsync(ssh, steps);
}
