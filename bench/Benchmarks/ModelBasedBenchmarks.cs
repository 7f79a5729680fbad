using BenchmarkDotNet.Attributes;
using HilHarness.Inventory;
using HilHarness.Model;
using HilHarness.ModelBased;
using HilHarness.Sessions;

namespace HilHarness.Benchmarks;

/// <summary>
/// Model-based testing end to end against a local simulated board (issue 4: ≥ 20,000 steps/s): each operation
/// generates a seeded vc4 sequence from the model, runs it as one batch on the real agent with bo_stats and kmsg
/// observed after every step, and judges every step against the model. Reported per generated step.
/// </summary>
[MemoryDiagnoser]
public class ModelBasedBenchmarks
{
    /// <summary>Steps per batch: under the ~200 steps per line the agent's single-write limit allows.</summary>
    private const int SequenceSteps = 150;

    private string stateHome = "";
    private BoardSession? board;
    private SequenceRunner? runner;
    private int seed;

    [GlobalSetup]
    public void OpenBoard()
    {
        stateHome = Directory.CreateTempSubdirectory("hil-bench-mbt-").FullName;
        Environment.SetEnvironmentVariable("XDG_STATE_HOME", stateHome);
        var record = new BoardRecord { Name = "bench-mbt", Driver = "vc4", Kind = BoardKinds.Local, Kernel = "sim:rpi3-6.12", Origin = nameof(ModelBasedBenchmarks) };
        var factory = new BoardSessionFactory(new SessionFactoryOptions { Purpose = "bench", LeaseWait = TimeSpan.FromMinutes(2), LeasePoll = TimeSpan.FromMilliseconds(200) });
        board = factory.OpenAsync(record, CancellationToken.None).GetAwaiter().GetResult();
        runner = new SequenceRunner(new SequenceGenerator(new Vc4Proposer(), BoardSemantics.FromHello(board.Hello, "vc4")));
    }

    [GlobalCleanup]
    public void CloseBoard()
    {
        board?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(stateHome, recursive: true);
    }

    /// <summary>Generate, run and judge one sequence; throws if the clean board disagrees with the model, since a
    /// figure for a failing run (which stops early) would be meaningless.</summary>
    [Benchmark(OperationsPerInvoke = SequenceSteps)]
    public async Task<int> GenerateRunAndJudge()
    {
        var sequence = runner!.Generator.Generate(seed++, SequenceSteps);
        var result = await runner.RunAsync(board!, sequence, CancellationToken.None).ConfigureAwait(false);
        if (result.Failed) throw new InvalidOperationException(result.Describe());
        return result.StepsRun;
    }
}
