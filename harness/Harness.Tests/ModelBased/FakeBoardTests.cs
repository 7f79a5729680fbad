using System.Text.Json.Nodes;
using HilHarness.Agent;
using HilHarness.Model;
using HilHarness.ModelBased;
using HilHarness.Uapi;
using NUnit.Framework;

namespace HilHarness.Tests.ModelBased;

/// <summary>
/// The runner, comparer and shrinker against boards with no simulated kernel behind them (issue 4 item 7): a board
/// answering from the model itself must pass, and one answering from a mutated model must be caught and shrunk to
/// the mutated op.
/// </summary>
public sealed class FakeBoardTests
{
    private static readonly Errno Enomem = Errno.ENOMEM;

    private static bool Succeeded(AgentStepResult r) => r.Rc == 0 && r.Errno == 0;

    private static AgentStepResult WithOut(AgentStepResult r, string field, Func<ulong, ulong> change)
    {
        var changed = (JsonObject)r.Out!.DeepClone();
        changed[field] = change(r.OutU64(field) ?? throw new InvalidOperationException($"the model predicts no out.{field}"));
        return r with { Out = changed };
    }

    /// <summary>The first label the model expects at least once, gone from bo_stats.</summary>
    private static AgentStepResult DropBoStatsLine(AgentStepResult r)
    {
        var observe = (JsonObject)r.Observe!.DeepClone();
        var labels = observe["bo_stats"]!["labels"]!.AsObject();
        labels.Remove(labels.First(l => l.Value!["count"]!.GetValue<int>() > 0).Key);
        return r with { Observe = observe };
    }

    private static readonly Dictionary<string, BoardMutation> Mutations = new[]
    {
        new BoardMutation("second-create-bo-enomem", "vc4.create_bo", 2, Succeeded,
            r => r with { Rc = -1, Errno = (int)Enomem, ErrnoName = ErrnoNames.Name((int)Enomem) }),
        new BoardMutation("bo-stats-line-dropped", "vc4.create_bo", 1, Succeeded, DropBoStatsLine),
        new BoardMutation("mmap-offset-unaligned", "vc4.mmap_bo", 1, Succeeded, r => WithOut(r, "offset", o => o + 1)),
        new BoardMutation("heap-handle-off-by-one", "panthor.tiler_heap_create", 1, Succeeded, r => WithOut(r, "handle", h => h + 1)),
    }.ToDictionary(m => m.Name);

    private static ModelBasedTester Tester(string driver, BoardMutation? mutation, int batchLength = 100)
    {
        var hello = ModelAnsweringBoard.HelloOf(driver, driver == "vc4" ? "6.12.0" : "6.18.0");
        IOpProposer proposer = driver == "vc4" ? new Vc4Proposer() : new PanthorProposer();
        var runner = new SequenceRunner(new SequenceGenerator(proposer, BoardSemantics.FromHello(hello, driver)));
        return new ModelBasedTester(runner, _ => Task.FromResult<IBoardSession>(new ModelAnsweringBoard(runner, hello, mutation))) { BatchLength = batchLength };
    }

    [TestCase("vc4")]
    [TestCase("panthor")]
    [Description("A board that answers every step exactly as the model predicts passes 2,000 generated steps: the runner, the comparer and the kernel-log check accept what the model accepts.")]
    public async Task BoardAnsweringFromTheModelPasses(string driver)
    {
        await using var tester = Tester(driver, mutation: null);
        var found = await tester.SearchAsync(seed: 1, maxSteps: 2000, CancellationToken.None);
        Assert.That(found, Is.Null, () => found!.Describe());
        Assert.That(tester.Reopens, Is.Zero);
    }

    [TestCase("vc4", "second-create-bo-enomem")]
    [TestCase("vc4", "bo-stats-line-dropped")]
    [TestCase("vc4", "mmap-offset-unaligned")]
    [TestCase("panthor", "heap-handle-off-by-one")]
    [Description("A board whose answers differ from the model on one op (an errno, a bo_stats line, an out field) is caught within 2,000 steps and shrunk to at most 8 steps that still contain that op.")]
    public async Task MutatedBoardIsFoundAndShrunkToTheMutatedOp(string driver, string mutationName)
    {
        var mutation = Mutations[mutationName];
        await using var tester = Tester(driver, mutation);
        var found = await tester.SearchAsync(seed: 1, maxSteps: 2000, CancellationToken.None);
        Assert.That(found, Is.Not.Null, $"{mutation} was not found in 2,000 steps");
        await TestContext.Out.WriteLineAsync(found!.Describe());
        var shrunk = found.Shrunk.Sequence.Steps;
        Assert.That(found.Shrunk.Failed, Is.True, "the shrunk sequence must still fail");
        Assert.That(shrunk, Has.Count.LessThanOrEqualTo(8), () => found.Describe());
        Assert.That(shrunk.Select(s => s.Op.Op), Does.Contain(mutation.Op), () => found.Describe());
    }
}
