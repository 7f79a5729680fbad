using NUnit.Framework;
using HilHarness.Model;
using HilHarness.Model.Vc4;
using HilHarness.Scenarios;
using HilHarness.Suites;
using HilHarness.Uapi;

namespace HilHarness.Tests.Model;

/// <summary>What the vc4 model predicts while a simulated board's CMA pool is full, and where it refuses to guess.</summary>
[TestFixture]
public class Vc4CmaSpecTests
{
    private static Vc4State State(Scenario s) => (Vc4State)s.State;

    private static Scenario Inject(Scenario s, string kind) => s.Add("sim.inject", null, ("kind", OpArg.Str(kind)), ("bytes", OpArg.Of(0)));

    private static Scenario Filled(Scenario s) => Inject(s, "cma-fill");

    [Test, Description("kernel-facts A.2 (v8 → v9): with CMA full the first CREATE_BO fails with ENOMEM and the file holds no bin BO reference, so close drops none.")]
    public void FirstCreateBoFailsWithoutReference()
    {
        var s = Filled(new Scenario(Boards.Rpi3_612).Open("A", "vc4")).Vc4CreateBo("A", "bo", 4096);
        Assert.That(s.Last.Errno, Is.EqualTo(Errno.ENOMEM));
        Assert.That(State(s).Files["A"].BinBoUsed, Is.False);
        Assert.That(State(s).BinBo.Exists, Is.False);
        Assert.That(((BoStatsExpectation)s.Last.Observations.Single()).Labels, Is.Empty);
    }

    [Test, Description("kernel-facts A.2 (v6 → v7): a file that already holds the bin BO keeps its reference when its BO allocation fails with ENOMEM; size 0 stays EINVAL.")]
    public void HolderKeepsReferenceWhenBoAllocationFails()
    {
        var s = Filled(new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "a", 4096)).Vc4CreateBo("A", "b", 4096);
        Assert.That(s.Last.Errno, Is.EqualTo(Errno.ENOMEM));
        Assert.That(State(s).BinBo.FileOwners, Is.EquivalentTo(new[] { "A" }));
        Assert.That(s.Vc4CreateBo("A", "c", 0).Last.Errno, Is.EqualTo(Errno.EINVAL));
    }

    [Test, Description("A submit under full CMA fails with ENOMEM when vc4_get_bcl allocates its BCL, after the BO lookup (a bad handle stays ENOENT).")]
    public void SubmitFailsAtItsFirstAllocation()
    {
        var s = Filled(new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "t", Vc4Jobs.TargetBytes)).Vc4SubmitClear("A", "j", "t");
        Assert.That(s.Last.Errno, Is.EqualTo(Errno.ENOMEM));
        Assert.That(State(s).Jobs, Is.Empty);
        var bad = Vc4Jobs.Clear("A", "t").SetItem("bo_handles", OpArg.List([OpArg.Of(0x7fff)]));
        Assert.That(s.Add(new ModelOp("vc4.submit_cl", bad, "k")).Last.Errno, Is.EqualTo(Errno.ENOENT));
    }

    [Test, Description("Once a BO has been in the kernel BO cache since the fill, memory may be back in CMA, so the model refuses to predict an allocation instead of guessing.")]
    public void CachedBoSinceFillMakesAllocationsUnpredictable()
    {
        var s = Filled(new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "a", 4096)).GemClose("A", "a");
        Assert.That(State(s).CmaMayHaveFreed, Is.True);
        Assert.That(() => s.Vc4CreateBo("A", "b", 4096), Throws.InstanceOf<InvalidOperationException>());
    }

    [Test, Description("After cma-release allocations succeed again as usual.")]
    public void ReleaseRestoresAllocations()
    {
        var s = Inject(Filled(new Scenario(Boards.Rpi3_612).Open("A", "vc4")), "cma-release").Vc4CreateBo("A", "bo", 4096);
        Assert.That(s.Last.Errno, Is.EqualTo(Errno.None));
        Assert.That(State(s).BinBo.Exists, Is.True);
    }

    [Test, Description("Before 5.3 a resume under CMA exhaustion crashes the kernel (kernel-facts A.1, E4), so the model refuses to fill CMA there.")]
    public void FillRefusedBeforeBinBoRework()
    {
        var s = new Scenario(Boards.Rpi3_52).Open("A", "vc4");
        Assert.That(() => Filled(s), Throws.ArgumentException);
    }

    [Test, Description("vc4_submit_cl_ioctl looks out_sync up after vc4_get_bcl and vc4_get_rcl: the EINVAL leaves the job's BCL and RCL in the kernel BO cache and no job.")]
    public void BadOutSyncLeavesBclAndRclInCache()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "t", Vc4Jobs.TargetBytes);
        s.Add(new ModelOp("vc4.submit_cl", Vc4Jobs.Clear("A", "t").SetItem("out_sync", OpArg.Of(5)), "j"));
        Assert.That(s.Last.Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(State(s).Jobs, Is.Empty);
        var cache = ((BoStatsExpectation)s.Last.Observations.Single()).Labels["kernel BO cache"];
        Assert.That((cache.CountMin, cache.CountMax), Is.EqualTo((2, 2)));
    }
}
