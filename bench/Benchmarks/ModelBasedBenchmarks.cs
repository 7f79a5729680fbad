using BenchmarkDotNet.Attributes;
using HilHarness.Agent;
using HilHarness.Inventory;
using HilHarness.Model;
using HilHarness.ModelBased;
using HilHarness.Sessions;

namespace HilHarness.Benchmarks;

/// <summary>
/// Model-based testing end to end against a local simulated board (issue 4: ≥ 20,000 steps/s): a
/// <see cref="ModelBasedTester"/> search generates seeded sequences from the model, runs each as one batch on the real
/// agent (vc4 on sim:rpi3-6.12 observing bo_stats and kmsg after every step; panthor on sim:rk3588-6.18 observing
/// fdinfo, gems and kmsg), and judges every step against the model, pipelined as the tester always runs. Reported
/// per generated step: steps/s = 1e9 / Mean[ns].
/// </summary>
[MemoryDiagnoser]
public class ModelBasedBenchmarks
{
    /// <summary>Generated steps per benchmark operation (several batches, so the pipeline reaches its steady state).</summary>
    private const int StepsPerOperation = 4000;

    private string stateHome = "";
    private BoardSessionFactory? factory;
    private BoardRecord? record;
    private ModelBasedTester? tester;
    private int seed;

    [Params("vc4", "panthor")]
    public string Driver { get; set; } = "vc4";

    /// <summary>Steps per batch (one agent round trip each), before the prologue and cleanup tail every batch adds.</summary>
    [Params(200, 1000)]
    public int BatchLength { get; set; } = 1000;

    [GlobalSetup]
    public void OpenBoard()
    {
        stateHome = Directory.CreateTempSubdirectory("hil-bench-mbt-").FullName;
        Environment.SetEnvironmentVariable("XDG_STATE_HOME", stateHome);
        record = new BoardRecord
        {
            Name = "bench-mbt-" + Driver, Driver = Driver, Kind = BoardKinds.Local,
            Kernel = Driver == "vc4" ? "sim:rpi3-6.12" : "sim:rk3588-6.18", Origin = nameof(ModelBasedBenchmarks),
        };
        factory = new BoardSessionFactory(new SessionFactoryOptions { Purpose = "bench", LeaseWait = TimeSpan.FromMinutes(2), LeasePoll = TimeSpan.FromMilliseconds(200) });
        var first = Open(CancellationToken.None).GetAwaiter().GetResult();
        var semantics = BoardSemantics.FromHello(first.Hello, Driver);
        IOpProposer proposer = Driver == "vc4" ? new Vc4Proposer() : new PanthorProposer();
        var runner = new SequenceRunner(new SequenceGenerator(proposer, semantics));
        // The tester reuses the open board until a run fails, so the first open is handed to it.
        var handed = first;
        tester = new ModelBasedTester(runner, ct => Interlocked.Exchange(ref handed, null) is { } board ? Task.FromResult(board) : Open(ct))
        {
            BatchLength = BatchLength,
        };
    }

    private async Task<IBoardSession> Open(CancellationToken cancellationToken) =>
        await factory!.OpenAsync(record!, cancellationToken).ConfigureAwait(false);

    [GlobalCleanup]
    public void CloseBoard()
    {
        tester?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(stateHome, recursive: true);
    }

    /// <summary>Searches <see cref="StepsPerOperation"/> generated steps; throws if the clean board disagrees with
    /// the model, since a figure for a failing search (which stops early and shrinks) would be meaningless.</summary>
    [Benchmark(OperationsPerInvoke = StepsPerOperation)]
    public async Task<int> SearchGenerateRunJudge()
    {
        int first = seed;
        seed += StepsPerOperation / BatchLength + 1;
        var found = await tester!.SearchAsync(first, StepsPerOperation, CancellationToken.None).ConfigureAwait(false);
        if (found is not null) throw new InvalidOperationException($"{Driver} board disagrees with the model: {found.Describe()}");
        return StepsPerOperation;
    }
}
