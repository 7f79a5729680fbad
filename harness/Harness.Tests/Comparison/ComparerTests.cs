using System.Text.Json.Nodes;
using NUnit.Framework;
using HilHarness.Agent;
using HilHarness.Comparison;
using HilHarness.Model;
using HilHarness.Scenarios;
using HilHarness.Verdicts;

namespace HilHarness.Tests.Comparison;

[TestFixture]
public class ComparerTests
{
    private static Scenario Heaps() => new Scenario(new BoardSemantics("panthor", new Version(6, 18), new Version(1, 5), true, true))
        .Open("A", "panthor").PanthorVmCreate("A", "vm").PanthorHeapCreate("A", "vm", "h0").PanthorHeapCreate("A", "vm", "h1");

    private static AgentStepResult Ok(JsonObject? outFields = null) => new(true, 0, 0, "", outFields ?? [], null, null);

    private static List<AgentStepResult> Answers(ulong secondCtx) =>
    [
        new(true, 3, 0, "", new JsonObject { ["fd"] = 3 }, null, null),
        Ok(new JsonObject { ["id"] = 1 }),
        Ok(new JsonObject { ["handle"] = 1 << 16, ["tiler_heap_ctx_gpu_va"] = 0x8000_0000UL, ["first_heap_chunk_gpu_va"] = 0x9000_0000UL }),
        Ok(new JsonObject { ["handle"] = (1 << 16) | 1, ["tiler_heap_ctx_gpu_va"] = secondCtx, ["first_heap_chunk_gpu_va"] = 0x9020_0000UL }),
    ];

    [Test, Description("A board whose second heap context lies at pool base + stride passes: the base is learned from the first heap.")]
    public void LearnedPoolBasePasses()
    {
        var s = Heaps();
        var verdict = Comparer.Compare("sim", s.Steps, new BatchOutcome(Answers(0x8000_0040UL), null));
        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.Pass), verdict.ToString());
    }

    [Test, Description("A context VA off by one stride is a ProductFail naming the step and field in the table.")]
    public void WrongContextVaFails()
    {
        var verdict = Comparer.Compare("sim", Heaps().Steps, new BatchOutcome(Answers(0x8000_0080UL), null));
        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.ProductFail));
        Assert.That(verdict.ToString(), Does.Contain("tiler_heap_ctx_gpu_va: expected 0x80000040"));
        Assert.That(ComparisonReport.FromJson(verdict.Report!.ToJson()).Steps[3].Status, Is.EqualTo(StepStatus.Differs));
    }

    [Test, Description("The expected and observed texts the comparer describes on demand are in the report's JSON, and a row read back from it equals the original.")]
    public void DescribedTextsSurviveTheReportJson()
    {
        var report = Comparer.Compare("sim", Heaps().Steps, new BatchOutcome(Answers(0x8000_0080UL), null)).Report!;
        var back = ComparisonReport.FromJson(report.ToJson());
        Assert.That(back.Steps[3].Observed, Does.Contain("tiler_heap_ctx_gpu_va=2147483776"));
        Assert.That(back.Steps[3].Expected, Is.EqualTo(report.Steps[3].Expected).And.Not.Empty);
        Assert.That(back.Steps[3], Is.EqualTo(report.Steps[3]));
    }

    [Test, Description("An agent death with no kernel evidence mid-batch is InfraError, never a product failure.")]
    public void AgentDeathIsInfra()
    {
        var verdict = Comparer.Compare("sim", Heaps().Steps,
            new BatchOutcome(Answers(0x8000_0040UL).Take(2).ToList(), new BatchFailure(BatchFailureKind.AgentDied, "exit 137")));
        Assert.That(verdict.Outcome, Is.EqualTo(Outcome.InfraError));
        Assert.That(verdict.BisectExitCode, Is.EqualTo(125));
    }

    [Test, Description("design.md rule 1: the harness assembly references neither the simulated kernel nor the agent.")]
    public void HarnessDoesNotReferenceSimKernel()
    {
        var refs = typeof(Comparer).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.That(refs, Has.None.Contains("SimKernel").And.None.Contains("BoardAgent"));
    }
}
