using HilHarness.Model;
using HilHarness.Scenarios;
using NUnit.Framework;

namespace HilHarness.Tests.Model;

/// <summary>Which kernel BO cache entry vc4_bo_create reuses (kernel-facts A.8), as bo_stats shows it.</summary>
[TestFixture]
public class Vc4BoCacheSpecTests
{
    private static LabelExpectation Cache(Scenario s) =>
        ((BoStatsExpectation)s.Last.Observations.Single()).Labels.GetValueOrDefault("kernel BO cache") ?? new(0, 0, 0, 0);

    [Test, Description("vc4_bo_get_from_cache takes the most recently freed BO of the page count (vc4_free_object list_adds at the head), so the older entry is the one left to expire 1 s after its own free.")]
    public void CreateReusesTheMostRecentlyFreedEntry()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4")
            .Vc4CreateBo("A", "old", 4096).Vc4CreateBo("A", "young", 4096)
            .GemClose("A", "old").SimAdvance(500).GemClose("A", "young")
            .Vc4CreateBo("A", "again", 4096);
        Assert.That(Cache(s), Is.EqualTo(LabelExpectation.Exactly(1, 4)));
        // 1 s after the older free the remaining entry may already be evicted; had the younger one been left, it
        // would certainly still be there (500 ms old).
        Assert.That(Cache(s.SimAdvance(500)), Is.EqualTo(new LabelExpectation(0, 1, 0, 4)));
    }

    [Test, Description("A job's RCL and BCL (sizes the model does not know) freed after a 4 KiB BO may have its page count, so a 4 KiB create may reuse one of them instead: the count stays exact, but the 4 KiB BO may be what is left, so it is certain only until 1 s after its own free.")]
    public void NewerEntriesOfUnknownSizeMayBeReusedInstead()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "small", 4096).Vc4CreateBo("A", "target", 64 * 64 * 4)
            .Vc4SubmitClear("A", "job", "target").GemClose("A", "small").SimAdvance(500)
            .Vc4CreateBo("A", "again", 4096);
        var cache = Cache(s);
        Assert.That((cache.CountMin, cache.CountMax), Is.EqualTo((2, 2)), "three entries were cached and one was reused");
        cache = Cache(s.SimAdvance(500));
        Assert.That((cache.CountMin, cache.CountMax), Is.EqualTo((0, 2)), "the 4 KiB BO freed 1 s ago may be the one left, and may be evicted");
    }

    [Test, Description("With only a job's RCL/BCL (sizes unknown) in the cache, a 4 KiB create reuses one of them or none: the count drops by at most one, never more.")]
    public void CreateWithOnlyUnknownSizesDropsAtMostOne()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "target", 64 * 64 * 4)
            .Vc4SubmitClear("A", "job", "target").SimCompleteJobs();
        int cached = Cache(s).CountMax;
        Assert.That(Cache(s).CountMin, Is.EqualTo(cached), "before the create every job BO is certainly cached");
        var after = Cache(s.Vc4CreateBo("A", "small", 4096));
        Assert.That((after.CountMin, after.CountMax), Is.EqualTo((cached - 1, cached)));
    }

    [Test, Description("vc4_free_object caches shader BOs too (it frees only the validated shader), and vc4_create_shader_bo_ioctl allocates through vc4_bo_create, so a shader BO reuses and refills the cache.")]
    public void ShaderBosGoThroughTheCache()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Open("B", "vc4")
            .Vc4CreateBo("A", "plain", 4096).GemClose("A", "plain")
            .Vc4CreateShaderBo("B", "sh", new byte[24]);
        Assert.That(Cache(s), Is.EqualTo(new LabelExpectation(0, 0, 0, 0)));
        Assert.That(Cache(s.GemClose("B", "sh")), Is.EqualTo(LabelExpectation.Exactly(1, 4)));
    }
}
