using HilHarness.Inventory;
using HilHarness.Resilience;
using HilHarness.Results;
using HilHarness.Sessions;
using HilHarness.Suites;
using HilHarness.Verdicts;
using NUnit.Framework;

namespace HilHarness.Tests.Results;

/// <summary>The main job's engine on a simulated board (the real agent through the local transport) and on a board
/// nothing answers for.</summary>
public sealed class RackRunnerTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("hil-rackrun-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    private static readonly BoardRecord Vc4Board = new()
    {
        Name = "runner-rpi3", Driver = "vc4", Kind = BoardKinds.Local, Kernel = "sim:rpi3-6.12", Origin = "RackRunnerTests",
    };

    /// <summary>An ssh board on a loopback port nothing listens on: every connect is refused at once.</summary>
    private static readonly BoardRecord DeadBoard = new()
    {
        Name = "runner-dead", Driver = "vc4", Kind = BoardKinds.Ssh, Kernel = "linux", Host = "127.0.0.1", Port = 1, User = "nobody",
        KnownHosts = Path.Combine(Path.GetTempPath(), "hil-rackrunner-known-hosts-absent"), Origin = "RackRunnerTests",
    };

    /// <summary>No retries and short attempts, so the dead board fails in well under a second.</summary>
    private static BoardSessionFactory Factory() => new(new SessionFactoryOptions
    {
        Purpose = "rack runner tests",
        Log = _ => { },
        Pipelines = new BoardPipelines(TimeProvider.System,
            _ => new DomainPolicy(TimeSpan.FromSeconds(20), 0, TimeSpan.Zero, TimeSpan.FromSeconds(15), 100, TimeSpan.FromSeconds(1))),
    });

    private static RackRunner Runner(BoardSessionFactory factory, ResultStore store) => new(factory, store, new ModelBasedSuite(factory) { Steps = 50 });

    [Test]
    [Description("A board that cannot be reached makes each of its cases InfraError with the reason, while the other board's cases run and pass.")]
    public async Task UnreachableBoardIsInfraErrorAndTheRackGoesOn()
    {
        using var store = ResultStore.Create(_dir, "dead");
        await Runner(Factory(), store).RunAsync([DeadBoard, Vc4Board], [Vc4BinnerCases.Suite], CancellationToken.None);
        var dead = store.Records.Where(r => r.Board == DeadBoard.Name).ToList();
        var live = store.Records.Where(r => r.Board == Vc4Board.Name).ToList();
        Assert.That(dead.Select(r => r.Outcome).ToList(), Has.Count.EqualTo(SuiteCatalog.Vc4Binner.Count).And.All.EqualTo(Outcome.InfraError));
        Assert.That(dead[0].Reason, Does.Contain("runner-dead"));
        Assert.That(live.Select(r => r.Outcome).ToList(), Has.Count.EqualTo(SuiteCatalog.Vc4Binner.Count).And.All.EqualTo(Outcome.Pass),
            string.Join("\n", live.Where(r => r.Outcome != Outcome.Pass).Select(r => $"{r.Case}: {r.Reason}\n{r.Diff}")));
        Assert.That(live[0].KernelVersion, Is.Not.Null.And.Not.Empty);
        Assert.That(live[0].Profile, Is.EqualTo("rpi3-6.12"));
    }

    [Test]
    [Description("A suite for another driver is NotApplicable case by case without contacting the board (the dead board records no InfraError).")]
    public async Task OtherDriversSuiteIsNotApplicableWithoutContact()
    {
        using var store = ResultStore.Create(_dir, "na");
        await Runner(Factory(), store).RunAsync([DeadBoard], [PanthorHeapCases.Suite], CancellationToken.None);
        Assert.That(store.Records.Select(r => r.Outcome), Is.Not.Empty.And.All.EqualTo(Outcome.NotApplicable));
        Assert.That(store.Records[0].Reason, Does.Contain("the board runs vc4"));
    }

    [Test]
    [Description("A resumed run skips every case it already recorded: the dead board's recorded cases are not attempted again.")]
    public async Task ResumedRunSkipsRecordedCases()
    {
        using (var first = ResultStore.Create(_dir, "resume"))
            foreach (var c in SuiteCatalog.Vc4Binner)
                first.Append(ResultStoreTests.Result("resume", c.Name, board: DeadBoard.Name, suite: Vc4BinnerCases.Suite));
        using var resumed = ResultStore.Resume(_dir, "resume", w => Assert.Fail(w));
        await Runner(Factory(), resumed).RunAsync([DeadBoard], [Vc4BinnerCases.Suite], CancellationToken.None);
        Assert.That(resumed.Records.Select(r => r.Outcome).ToList(), Has.Count.EqualTo(SuiteCatalog.Vc4Binner.Count).And.All.EqualTo(Outcome.Pass));
    }
}
