using HilHarness.Cli;
using HilHarness.Results;
using HilHarness.Suites;
using HilHarness.Verdicts;
using NUnit.Framework;

namespace HilHarness.Tests.Cli;

/// <summary><c>hil run</c> in-process: argument refusals (exit 2, naming the argument) and the main job on one
/// simulated board.</summary>
public sealed class RunCommandTests
{
    private string _dir = "";
    private string _rack = "";

    [SetUp]
    public void CreateRack()
    {
        _dir = Directory.CreateTempSubdirectory("hil-cli-run-").FullName;
        _rack = Path.Combine(_dir, "boards.json");
        File.WriteAllText(_rack, """
            { "boards": [ { "name": "cli-rpi3", "driver": "vc4", "kind": "local", "kernel": "sim:rpi3-6.12" } ] }
            """);
    }

    [TearDown]
    public void RemoveRack() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Output, string Error)> HilAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await Program.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    [Description("A rack file that does not exist is a usage error (2) naming --rack and the path.")]
    public async Task MissingRackFileIsUsageErrorNamingRack()
    {
        string missing = Path.Combine(_dir, "nope.json");
        var (code, _, error) = await HilAsync("run", "--rack", missing);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain($"--rack {missing}: no such rack file"));
    }

    [Test]
    [Description("A board the rack lacks is a usage error (2) naming --board, the near name and the rack's boards.")]
    public async Task UnknownBoardIsUsageErrorNamingBoard()
    {
        var (code, _, error) = await HilAsync("run", "--rack", _rack, "--board", "cli-rpi4");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--board cli-rpi4:").And.Contain("did you mean \"cli-rpi3\"").And.Contain("the rack has: cli-rpi3"));
    }

    [Test]
    [Description("A suite the catalog lacks is a usage error (2) naming --suite, the near name and every suite.")]
    public async Task UnknownSuiteIsUsageErrorNamingSuite()
    {
        var (code, _, error) = await HilAsync("run", "--rack", _rack, "--suite", "vc4-bnner");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--suite vc4-bnner: no such suite (did you mean \"vc4-binner\"?)").And.Contain("panthor-heap"));
    }

    [TestCase("../escape", "--resume ../escape:")]
    [TestCase("never-ran", "--resume:")]
    [Description("Resuming a run id that is not a folder name, or a run with no results, is a usage error (2) naming --resume.")]
    public async Task BadResumeIsUsageErrorNamingResume(string runId, string expected)
    {
        var (code, _, error) = await HilAsync("run", "--rack", _rack, "--results", _dir, "--resume", runId);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    [Description("An option hil does not know is a parse error: exit 2 with System.CommandLine's message.")]
    public async Task UnknownOptionIsUsageError()
    {
        var (code, _, error) = await HilAsync("run", "--bored", "x");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--bored"));
    }

    [Test]
    [Description("The main job on a clean simulated vc4 board prints the board x suite table, records every case in results.jsonl, and exits 0; resuming it runs nothing again.")]
    public async Task MainJobOnCleanSimulatedBoardPassesAndResumes()
    {
        string results = Path.Combine(_dir, "results");
        var (code, output, error) = await HilAsync("run", "--rack", _rack, "--suite", "vc4-binner", "--suite", "panthor-heap", "--results", results);
        Assert.That(code, Is.EqualTo(0), output + error);
        // Every vc4-binner case the rack can run passes; the rest are not applicable to this kernel (none fail).
        var row = System.Text.RegularExpressions.Regex.Match(output, @"cli-rpi3\s+│\s+vc4-binner\s+│\s+(\d+)\s+│\s+0\s+│\s+0\s+│\s+(\d+)\s+│");
        Assert.That(row.Success, Is.True, output);
        int passed = int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        int notApplicable = int.Parse(row.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(passed + notApplicable, Is.EqualTo(SuiteCatalog.Vc4Binner.Count(c => c.KnownGap is null)), output);
        Assert.That(passed, Is.GreaterThanOrEqualTo(15), output);
        Assert.That(output, Does.Match(@"cli-rpi3\s+│\s+panthor-heap\s+│\s+0\s+│\s+0\s+│\s+0\s+│\s+\d+\s+│"));
        string runDir = Directory.GetDirectories(results).Single();
        string file = Path.Combine(runDir, ResultsFile.FileName);
        var recorded = ResultsFile.Read(file, w => Assert.Fail(w)).Records;
        Assert.That(recorded.Count(r => r.Outcome == Outcome.Pass), Is.EqualTo(passed));

        var (again, againOutput, _) = await HilAsync("run", "--rack", _rack, "--suite", "vc4-binner", "--suite", "panthor-heap", "--results", results,
            "--resume", Path.GetFileName(runDir));
        Assert.That(again, Is.EqualTo(0));
        Assert.That(ResultsFile.Read(file, w => Assert.Fail(w)).Records, Has.Count.EqualTo(recorded.Count), "a resumed run adds nothing when every case is recorded");
        Assert.That(againOutput, Does.Match($@"cli-rpi3\s+│\s+vc4-binner\s+│\s+{passed}\s+│"), "the resumed run's summary includes what was recorded before");
    }
}
