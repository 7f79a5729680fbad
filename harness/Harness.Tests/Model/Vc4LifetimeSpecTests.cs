using NUnit.Framework;
using HilHarness.Model;
using HilHarness.Model.Vc4;
using HilHarness.Scenarios;
using HilHarness.Uapi;

namespace HilHarness.Tests.Model;

[TestFixture]
public class Vc4LifetimeSpecTests
{
    private static Vc4State State(Scenario s) => (Vc4State)s.State;

    [Test, Description("kernel-facts A.4: CREATE_BO with size 0 grabs the per-file bin BO reference before failing with EINVAL.")]
    public void CreateBoSizeZeroStillGrabsBinBo()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "bo", 0);
        Assert.That(s.Last.Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(State(s).BinBo.FileOwners, Is.EquivalentTo(new[] { "A" }));
    }

    [Test, Description("kernel-facts A.4: a rejected CREATE_SHADER_BO takes no reference, so no bin BO exists.")]
    public void RejectedShaderBoTakesNothing()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateShaderBo("A", "sh", new byte[12]);
        Assert.That(State(s).BinBo.Exists, Is.False);
    }

    [Test, Description("kernel-facts A.4: the bin BO lives while a job holds it after its file closed, then goes to the kernel BO cache.")]
    public void JobKeepsBinBoAfterClose()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "bo", 64 * 64 * 4).Vc4SubmitClear("A", "job", "bo").Close("A");
        Assert.That(State(s).BinBo.Exists, Is.True);
        var stats = (BoStatsExpectation)s.SimCompleteJobs().Last.Observations.Single();
        Assert.That(State(s).BinBo.Exists, Is.False);
        Assert.That(stats.Labels.ContainsKey("binner"), Is.False);
        Assert.That(stats.Labels["kernel BO cache"].CountMin, Is.GreaterThanOrEqualTo(1));
    }

    [Test, Description("kernel-facts A.4: a live mmap holds the struct file, so the file's bin BO reference drops at the last munmap.")]
    public void MmapDelaysPostClose()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "bo", 4096).Vc4MmapBo("A", "bo", "off").Mmap("A", "off", "m", 4096).Close("A");
        Assert.That(State(s).BinBo.Exists, Is.True);
        s.Munmap("m");
        Assert.That(State(s).BinBo.Exists, Is.False);
    }

    [Test, Description("kernel-facts A.8/A.12: after release the 16 MiB shows as kernel BO cache for under 1 s, may show for 1–3 s (vc4_bo_cache_free_old re-arms its timer at round_jiffies_up(check + 1 s)), and is gone from 3 s.")]
    public void KernelBoCacheWindow()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "bo", 4096).Close("A");
        LabelExpectation Cache(Scenario sc) => ((BoStatsExpectation)sc.Last.Observations.Single()).Labels.GetValueOrDefault("kernel BO cache") ?? new(0, 0, 0, 0);
        Assert.That(Cache(s), Is.EqualTo(LabelExpectation.Exactly(2, 16384 + 4)));
        Assert.That(Cache(s.SimAdvance(1500)), Is.EqualTo(new LabelExpectation(0, 2, 0, 16388)));
        Assert.That(Cache(s.SimAdvance(600)), Is.EqualTo(new LabelExpectation(0, 2, 0, 16388)));
        Assert.That(Cache(s.SimAdvance(900)), Is.EqualTo(new LabelExpectation(0, 0, 0, 0)));
    }

    [Test, Description("kernel-facts A.8: a new user inside the cache window gets the same 16 MiB buffer back, so the cache entry is consumed.")]
    public void BinBoReusedFromCache()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "bo", 4096).GemClose("A", "bo").Close("A").Open("B", "vc4").Vc4CreateBo("B", "b2", 4096);
        var stats = (BoStatsExpectation)s.Last.Observations.Single();
        Assert.That(stats.Labels["binner"], Is.EqualTo(LabelExpectation.Exactly(1, 16384)));
        Assert.That(stats.Labels.ContainsKey("kernel BO cache"), Is.False);
    }

    [Test, Description("kernel-facts A.1/E4: before 5.3 the bin BO exists from probe and runtime suspend frees it; since 5.3 suspend keeps it.")]
    public void RuntimeSuspendByVersion()
    {
        var old = new Scenario(Boards.Rpi3_52);
        Assert.That(State(old).BinBo.Exists, Is.True);
        Assert.That(State(old.SimSuspend()).BinBo.Exists, Is.False);
        Assert.That(State(old.SimResume()).BinBo.Exists, Is.True);
        var now = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "bo", 4096).SimSuspend();
        Assert.That(State(now).BinBo.Exists, Is.True);
    }

    [Test, Description("kernel-facts A.9: a DONTNEED BO joins the userspace BO cache line; back to WILLNEED leaves it; retained is 1.")]
    public void MadviseMovesThroughPurgeablePool()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "bo", 8192).Vc4Madvise("A", "bo", 1);
        Assert.That(((BoStatsExpectation)s.Last.Observations.Single()).Labels["userspace BO cache"], Is.EqualTo(LabelExpectation.Exactly(1, 8)));
        Assert.That(s.Last.Out["retained"], Is.EqualTo(new ExactValue(1)));
        Assert.That(((BoStatsExpectation)s.Vc4Madvise("A", "bo", 0).Last.Observations.Single()).Labels.ContainsKey("userspace BO cache"), Is.False);
    }

    [Test, Description("design.md: without readable debugfs bo_stats is predicted as not observable, never as a pass.")]
    public void NoDebugfsIsNotObservable()
    {
        var s = new Scenario(Boards.Rpi3_612 with { DebugfsReadable = false }).Open("A", "vc4");
        Assert.That(s.Last.Observations.Single(), Is.TypeOf<NotObservable>());
    }
}
