using HilHarness.Results;
using HilHarness.Verdicts;
using NUnit.Framework;

namespace HilHarness.Tests.Results;

public sealed class ResultStoreTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("hil-results-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    internal static CaseResult Result(string runId, string caseName, Outcome outcome = Outcome.Pass, string board = "rpi3-6.12", string suite = "vc4-binner") => new()
    {
        RunId = runId, Board = board, Suite = suite, Case = caseName, Outcome = outcome, Duration = TimeSpan.FromMilliseconds(12.5),
        Reason = outcome == Outcome.Pass ? "every step matches" : "step 3 (vc4.create_bo): errno: expected 0, got ENOMEM",
        Diff = outcome == Outcome.Pass ? null : "board rpi3-6.12: 3/4 steps match\n  3! vc4.create_bo ...\n",
        KernelLog = outcome == Outcome.KernelHealth ? "<4>[ 12.000000] WARNING: CPU: 0 PID: 1 at vc4_bo.c:123" : null,
        KernelVersion = "6.12.0-sim", Profile = "rpi3-6.12", Timestamp = new DateTimeOffset(2025, 6, 14, 13, 13, 13, TimeSpan.Zero),
    };

    [Test]
    [Description("Every appended record reads back field for field, each on its own line, in the order appended.")]
    public void AppendedRecordsReadBackIntact()
    {
        var first = Result("run-1", "BinBoAllocatedOnFirstCreateBo");
        var second = Result("run-1", "CmaExhaustedCreateBoFailsWithoutReference", Outcome.KernelHealth);
        using (var store = ResultStore.Create(_dir, "run-1"))
        {
            store.Append(first);
            store.Append(second);
            Assert.That(File.ReadAllLines(store.Path), Has.Length.EqualTo(2), "one line per record, flushed as it is appended");
        }
        var warnings = new List<string>();
        var read = ResultsFile.Read(ResultStore.FileFor(_dir, "run-1"), warnings.Add);
        Assert.That(read.Records, Is.EqualTo(new[] { first, second }));
        Assert.That(warnings, Is.Empty);
    }

    [Test]
    [Description("A partial last line (the run was killed mid-write) is dropped with a warning naming the file and line; the whole lines before it are kept.")]
    public void TruncatedLastLineIsDroppedWithWarning()
    {
        using (var store = ResultStore.Create(_dir, "killed"))
        {
            store.Append(Result("killed", "A"));
            store.Append(Result("killed", "B"));
        }
        string path = ResultStore.FileFor(_dir, "killed");
        File.AppendAllText(path, """{"runId":"killed","board":"rpi3-6.12","suite":"vc4-bin""");
        var warnings = new List<string>();
        var read = ResultsFile.Read(path, warnings.Add);
        Assert.That(read.Records.Select(r => r.Case), Is.EqualTo(new[] { "A", "B" }));
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.StartWith($"{path}:3:").And.Contain("truncated"));
    }

    [Test]
    [Description("A damaged line that is not the last is not a kill's leftover: reading fails with the file and line.")]
    public void DamagedMiddleLineIsAnErrorNamingFileAndLine()
    {
        using (var store = ResultStore.Create(_dir, "damaged"))
            foreach (var name in new[] { "A", "B", "C" }) store.Append(Result("damaged", name));
        string path = ResultStore.FileFor(_dir, "damaged");
        var lines = File.ReadAllLines(path);
        lines[1] = "{not json";
        File.WriteAllLines(path, lines);
        var error = Assert.Throws<InvalidDataException>(() => ResultsFile.Read(path, _ => { }));
        Assert.That(error!.Message, Does.StartWith($"{path}:2:"));
    }

    [Test]
    [Description("Resuming reads what the run recorded (so those cases are skipped), cuts a truncated tail, and appends new records on clean lines.")]
    public void ResumeKnowsRecordedCasesAndAppendsAfterATruncatedTail()
    {
        using (var store = ResultStore.Create(_dir, "again"))
            store.Append(Result("again", "A"));
        File.AppendAllText(ResultStore.FileFor(_dir, "again"), "{\"runId\":\"ag");
        var warnings = new List<string>();
        using (var resumed = ResultStore.Resume(_dir, "again", warnings.Add))
        {
            Assert.That(resumed.Contains(new CaseKey("rpi3-6.12", "vc4-binner", "A")), Is.True);
            Assert.That(resumed.Contains(new CaseKey("rpi3-6.12", "vc4-binner", "B")), Is.False);
            Assert.That(resumed.Contains(new CaseKey("rk3588-6.18", "vc4-binner", "A")), Is.False, "the key includes the board");
            resumed.Append(Result("again", "B"));
        }
        Assert.That(warnings, Has.Count.EqualTo(1));
        var read = ResultsFile.Read(ResultStore.FileFor(_dir, "again"), w => Assert.Fail($"unexpected warning after resume: {w}"));
        Assert.That(read.Records.Select(r => r.Case), Is.EqualTo(new[] { "A", "B" }));
    }

    [Test]
    [Description("A new run never overwrites another run's results, and resuming a run that has none is refused with the path.")]
    public void CreateRefusesAnExistingRunAndResumeAMissingOne()
    {
        using (ResultStore.Create(_dir, "taken")) { }
        Assert.That(() => ResultStore.Create(_dir, "taken"), Throws.InstanceOf<IOException>().With.Message.Contain("--resume taken"));
        Assert.That(() => ResultStore.Resume(_dir, "never", _ => { }),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contain(Path.Combine(_dir, "never", "results.jsonl")));
    }

    [TestCase("../../etc")]
    [TestCase("a/b")]
    [TestCase("..")]
    [TestCase("")]
    [Description("A run id that would name a path outside the results folder is refused.")]
    public void RunIdsThatLeaveTheResultsFolderAreRefused(string runId) =>
        Assert.That(RunIds.Problem(runId), Is.Not.Null);

    [Test]
    [Description("New run ids are valid folder names and differ between two runs started in the same second.")]
    public void NewRunIdsAreValidAndDistinct()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 20).Select(_ => RunIds.New(now)).ToList();
        Assert.That(ids.Select(RunIds.Problem), Is.All.Null);
        Assert.That(ids.Distinct().Count(), Is.GreaterThan(1));
    }

    [Test]
    [Description("The summary counts each board x suite by outcome, ProductFail and KernelHealth both as failed, and sums the time.")]
    public void TallyCountsOutcomesPerBoardAndSuite()
    {
        var tally = SuiteTally.Of(
        [
            Result("r", "A"), Result("r", "B", Outcome.ProductFail), Result("r", "C", Outcome.KernelHealth),
            Result("r", "D", Outcome.InfraError), Result("r", "E", Outcome.NotApplicable),
            Result("r", "A", board: "rk3588-6.18", suite: "panthor-heap"),
        ]);
        Assert.That(tally, Is.EqualTo(new[]
        {
            new SuiteTally("rpi3-6.12", "vc4-binner", 1, 2, 1, 1, TimeSpan.FromMilliseconds(62.5)),
            new SuiteTally("rk3588-6.18", "panthor-heap", 1, 0, 0, 0, TimeSpan.FromMilliseconds(12.5)),
        }));
    }
}
