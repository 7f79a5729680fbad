using System.Text.Json.Nodes;
using HilHarness.Agent;
using HilHarness.Inventory;
using HilHarness.Sessions;

namespace HilHarness.Benchmarks.Transport;

/// <summary>
/// What the transport benchmarks share: a local board and a loopback-SSH board, both running the real agent on
/// <c>sim:rpi3-6.12</c>, a factory that opens them as <c>hil run</c> does, and the 1,000-step batch. The local
/// board's home is a scratch <c>XDG_STATE_HOME</c>, so its lease and caches never meet another run's.
/// </summary>
internal sealed class BenchBoards : IDisposable
{
    public const int BatchSteps = 1000;
    private const string Kernel = "sim:rpi3-6.12";

    private readonly string stateHome;

    public BenchBoards()
    {
        stateHome = Directory.CreateTempSubdirectory("hil-bench-state-").FullName;
        Environment.SetEnvironmentVariable("XDG_STATE_HOME", stateHome);
        Sshd = LoopbackSshd.Start();
        Local = new BoardRecord { Name = "bench-local", Driver = "vc4", Kind = BoardKinds.Local, Kernel = Kernel, Origin = nameof(BenchBoards) };
        Ssh = Sshd.Board("bench-ssh", Kernel);
        // Another engineer's SSH tests may hold the same home's lease for a moment; wait instead of failing.
        Factory = new BoardSessionFactory(new SessionFactoryOptions { Purpose = "bench", LeaseWait = TimeSpan.FromMinutes(2), LeasePoll = TimeSpan.FromMilliseconds(200) });
    }

    public LoopbackSshd Sshd { get; }

    public BoardRecord Local { get; }

    public BoardRecord Ssh { get; }

    public BoardSessionFactory Factory { get; }

    /// <summary>open, 499 × (vc4.create_bo 4096, drm.gem_close of that handle), close: 1,000 steps that each
    /// succeed and leave the kernel as they found it, so every iteration does identical work.</summary>
    public static IReadOnlyList<AgentStep> Batch()
    {
        var steps = new List<AgentStep>(BatchSteps) { new("open", new JsonObject { ["driver"] = "vc4" }) };
        while (steps.Count < BatchSteps - 1)
        {
            int create = steps.Count;
            steps.Add(new("vc4.create_bo", new JsonObject { ["fd"] = AgentStep.Ref(0, "fd"), ["size"] = 4096 }));
            steps.Add(new("drm.gem_close", new JsonObject { ["fd"] = AgentStep.Ref(0, "fd"), ["handle"] = AgentStep.Ref(create, "handle") }));
        }
        steps.Add(new("close", new JsonObject { ["fd"] = AgentStep.Ref(0, "fd") }));
        return steps;
    }

    /// <summary>Runs the batch and throws unless every step completed with rc 0: a figure for a batch that
    /// stopped early would be meaningless.</summary>
    public static async Task RunBatchAsync(IBoardSession session, IReadOnlyList<AgentStep> steps)
    {
        var outcome = await session.RunBatchAsync(steps, new BatchOptions(), CancellationToken.None).ConfigureAwait(false);
        if (!outcome.Completed || outcome.Results.Count != steps.Count)
            throw new InvalidOperationException($"{session.BoardName}: batch ended after {outcome.Results.Count}/{steps.Count} steps: {outcome.Failure}");
        for (int i = 0; i < outcome.Results.Count; i++)
        {
            var result = outcome.Results[i];
            if (!result.Ok || result.Rc < 0)
                throw new InvalidOperationException($"{session.BoardName}: batch step {i} ({steps[i]}) answered {result}");
        }
    }

    public void Dispose()
    {
        Sshd.Dispose();
        Directory.Delete(stateHome, recursive: true);
    }
}
