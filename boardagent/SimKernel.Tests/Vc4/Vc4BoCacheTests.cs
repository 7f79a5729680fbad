using HilHarness.Uapi;
using NUnit.Framework;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>kernel-facts A.8: the kernel BO cache window, same-page-count reuse, and bo_stats' exact format.</summary>
[TestFixture]
public sealed class Vc4BoCacheTests
{
    [Test]
    [Description("bo_stats prints \"%30s: %6dkb BOs (%d)\" per label in use: binner, V3D and dumb here.")]
    public void BoStatsFormat()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        rig.CreateBo(f, 4096);
        rig.CreateBo(f, 5000);
        var dumb = rig.Driver.CreateDumb(f, 4096, out _)!;
        f.CreateHandle(dumb);
        dumb.Put();
        Assert.That(rig.BoStats, Is.EqualTo(
            "                           V3D:     12kb BOs (2)\n" +
            "                          dumb:      4kb BOs (1)\n" +
            "                        binner:  16384kb BOs (1)\n"));
    }

    [Test]
    [Description("After the last user goes the bin BO shows as kernel BO cache and is freed between 1 and 2 s later, giving its CMA back.")]
    public void BinBoCachedForOneToTwoSeconds()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        rig.CreateBo(f, 4096);
        long cmaWithBin = rig.Machine.Allocator.CmaFree;
        rig.Close(f);
        Assert.That(rig.BoStats, Does.Contain("               kernel BO cache:  16388kb BOs (2)").And.Not.Contain("binner"));
        rig.Advance(999_999_999);
        Assert.That(rig.Driver.LabelUsage("kernel BO cache").Count, Is.EqualTo(2), "still cached just before 1 s");
        rig.Advance(1_000_000_001);
        Assert.That(rig.Driver.KernelBoCacheCount, Is.Zero, "gone by 2 s");
        Assert.That(rig.BoStats, Is.Empty);
        Assert.That(rig.Machine.Allocator.CmaFree - cmaWithBin, Is.EqualTo((16L << 20) + 4096));
    }

    [Test]
    [Description("A new user inside the window gets the same 16 MiB buffer back with no CMA allocation; after the window it is a fresh allocation.")]
    public void SamePageCountReuse()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        rig.CreateBo(f, 4096);
        long backing = rig.Driver.BinBoBackingId;
        rig.Close(f);
        long cmaFree = rig.Machine.Allocator.CmaFree;
        var g = rig.Open();
        rig.CreateBo(g, 4096);
        Assert.That(rig.Driver.BinBoBackingId, Is.EqualTo(backing), "recycled from the cache");
        Assert.That(rig.Machine.Allocator.CmaFree, Is.EqualTo(cmaFree), "no CMA taken");
        rig.Close(g);
        rig.Advance(3_000_000_000);
        var h = rig.Open();
        rig.CreateBo(h, 4096);
        Assert.That(rig.Driver.BinBoBackingId, Is.Not.EqualTo(backing), "the cache expired");
    }

    [Test]
    [Description("Only an exact page-count match is reused: a 2-page request does not take a cached 1-page BO.")]
    public void DifferentPageCountNotReused()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        uint one = rig.CreateBo(f, 4096);
        rig.GemClose(f, one);
        Assert.That(rig.Driver.LabelUsage("kernel BO cache").Count, Is.EqualTo(1));
        rig.CreateBo(f, 8192);
        Assert.That(rig.Driver.LabelUsage("kernel BO cache").Count, Is.EqualTo(1), "size mismatch: still cached");
        rig.CreateBo(f, 4000);
        Assert.That(rig.Driver.LabelUsage("kernel BO cache").Count, Is.Zero, "same page count: reused");
    }

    [Test]
    [Description("PRIME-imported and flink-named BOs are destroyed at once, never cached.")]
    public void ImportedNotCached()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        var imported = rig.Driver.ImportDmaBuf(4096, out var errno)!;
        Assert.That(errno, Is.EqualTo(Errno.None));
        uint handle = f.CreateHandle(imported);
        imported.Put();
        rig.GemClose(f, handle);
        Assert.That(rig.Driver.KernelBoCacheCount, Is.Zero);
        Assert.That(rig.BoStats, Is.Empty);
    }
}
