using NUnit.Framework;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>kernel-facts A.4: who takes a binner BO reference and when it goes, with the bin BO's existence and
/// kref checked after every transition (KUnit style).</summary>
[TestFixture]
public sealed class Vc4BinBoLifetimeTests
{
    private static void AssertBin(Vc4Rig rig, bool exists, int kref, string after)
    {
        Assert.That(rig.Driver.BinBoExists, Is.EqualTo(exists), $"bin BO existence after {after}");
        Assert.That(rig.Driver.BinBoRefCount, Is.EqualTo(kref), $"bin BO kref after {after}");
    }

    [Test]
    [Description("A fresh device has no bin BO; the first CREATE_BO on a file allocates it and the file's second CREATE_BO takes no second reference.")]
    public void CreateBoGrabsOneReferencePerFile()
    {
        var rig = new Vc4Rig();
        AssertBin(rig, false, 0, "probe");
        var f = rig.Open();
        AssertBin(rig, false, 0, "open");
        rig.CreateBo(f, 4096);
        AssertBin(rig, true, 1, "first CREATE_BO");
        Assert.That(rig.Driver.OutOfMemoryInterruptEnabled, Is.True, "bin_bo_alloc enables OUTOMEM");
        rig.CreateBo(f, 4096);
        AssertBin(rig, true, 1, "second CREATE_BO on the same file");
        var g = rig.Open();
        rig.CreateBo(g, 4096);
        AssertBin(rig, true, 2, "CREATE_BO on a second file");
        rig.Close(f);
        AssertBin(rig, true, 1, "closing the first file");
        rig.Close(g);
        AssertBin(rig, false, 0, "closing the last file");
    }

    [Test]
    [Description("CREATE_BO with size 0 takes the file's reference before failing with EINVAL, and keeps it until close.")]
    public void CreateBoSizeZeroStillGrabs()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        Assert.That(rig.CreateBo(f, 0, out _), Is.EqualTo(Errno.EINVAL));
        AssertBin(rig, true, 1, "CREATE_BO size 0");
        rig.Close(f);
        AssertBin(rig, false, 0, "close");
    }

    [Test]
    [Description("CREATE_SHADER_BO takes nothing when its argument checks fail, and takes the reference once they pass even if validation then fails.")]
    public void CreateShaderBoGrabsOnlyAfterArgumentChecks()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        Assert.That(rig.CreateShaderBo(f, new byte[12], out _), Is.EqualTo(Errno.EINVAL), "size % 8");
        Assert.That(rig.CreateShaderBo(f, new byte[8], out _, flags: 1), Is.EqualTo(Errno.EINVAL), "flags");
        Assert.That(rig.CreateShaderBo(f, new byte[8], out _, pad: 1), Is.EqualTo(Errno.EINVAL), "pad");
        Assert.That(rig.CreateShaderBo(f, [], out _, size: 0), Is.EqualTo(Errno.EINVAL), "size 0");
        AssertBin(rig, false, 0, "four refused argument sets");
        Assert.That(rig.CreateShaderBo(f, new byte[16], out _), Is.EqualTo(Errno.EINVAL), "no PROG_END");
        AssertBin(rig, true, 1, "a shader that fails validation");
        Assert.That(rig.CreateShaderBo(f, Vc4Shaders.Minimal, out var handle), Is.EqualTo(Errno.None));
        Assert.That(handle, Is.Not.Zero);
        AssertBin(rig, true, 1, "a valid shader");
        rig.Close(f);
        AssertBin(rig, false, 0, "close");
    }

    [Test]
    [Description("Dumb create and PRIME import never take a bin BO reference.")]
    public void DumbAndImportTakeNoReference()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        var dumb = rig.Driver.CreateDumb(f, 8192, out var errno);
        Assert.That(errno, Is.EqualTo(Errno.None));
        f.CreateHandle(dumb!);
        dumb!.Put();
        AssertBin(rig, false, 0, "dumb create");
        var imported = rig.Driver.ImportDmaBuf(4096, out errno);
        f.CreateHandle(imported!);
        imported!.Put();
        AssertBin(rig, false, 0, "PRIME import");
        Assert.That(rig.BoStats, Does.Contain("dumb:").And.Contain("kernel:"));
        rig.Close(f);
        AssertBin(rig, false, 0, "close");
    }

    [Test]
    [Description("A job with a binning config holds its own reference: closing the file drops only the file's, and the BO goes when the job completes.")]
    public void JobReferenceOutlivesFileClose()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        uint target = rig.CreateBo(f, Vc4TestJob.TargetSize);
        AssertBin(rig, true, 1, "CREATE_BO");
        rig.Submit(f, Vc4TestJob.Clear(target));
        AssertBin(rig, true, 2, "SUBMIT_CL with a binning config");
        Assert.That(rig.Driver.BinSlotsUsed, Is.EqualTo(1u), "one slot for the job");
        rig.Close(f);
        AssertBin(rig, true, 1, "close with the job in flight");
        Assert.That(rig.Driver.CompleteJobs(int.MaxValue), Is.EqualTo(1));
        AssertBin(rig, false, 0, "job completion");
        Assert.That(rig.Driver.BinSlotsUsed, Is.Zero, "slot freed at completion");
    }

    [Test]
    [Description("A job without a bin CL takes no bin BO reference and no slot.")]
    public void RenderOnlyJobTakesNoReference()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        uint target = rig.CreateBo(f, Vc4TestJob.TargetSize);
        rig.Submit(f, Vc4TestJob.Clear(target, withBin: false));
        AssertBin(rig, true, 1, "render-only SUBMIT_CL");
        Assert.That(rig.Driver.BinSlotsUsed, Is.Zero);
        rig.Close(f);
        AssertBin(rig, false, 0, "close");
    }

    [Test]
    [Description("Postclose runs at the last file reference, so a live mapping keeps the file's bin BO reference past close().")]
    public void LiveMappingDelaysRelease()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        rig.CreateBo(f, 4096);
        f.FileReferences = 2; // fd + one mmap
        f.FileReferences--;   // close(fd): the DRM core does not call postclose yet
        f.ReleaseAllHandles();
        AssertBin(rig, true, 1, "close() with a live mapping");
        f.FileReferences--;   // munmap: last reference
        rig.Driver.PostClose(f);
        AssertBin(rig, false, 0, "the last munmap");
    }

    [Test]
    [Description("Merged semantics keep the bin BO across runtime suspend and resume; OUTOMEM stays masked after resume.")]
    public void BinBoSurvivesRuntimePm()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        rig.CreateBo(f, 4096);
        rig.Advance(50_000_000);
        Assert.That(rig.Driver.RuntimeSuspended, Is.True, "autosuspend after 40 ms idle");
        AssertBin(rig, true, 1, "runtime suspend");
        rig.Driver.RuntimeResume();
        AssertBin(rig, true, 1, "runtime resume");
        Assert.That(rig.Driver.OutOfMemoryInterruptEnabled, Is.False, "vc4_irq_enable enables FLDONE|FRDONE only");
    }

    [Test]
    [Description("When all 32 slots are busy the 33rd binning job waits for the last render job, which completes in virtual time.")]
    public void ThirtyThirdBinJobWaitsForRender()
    {
        var rig = new Vc4Rig();
        var f = rig.Open();
        uint target = rig.CreateBo(f, Vc4TestJob.TargetSize);
        for (int i = 0; i < 32; i++) rig.Submit(f, Vc4TestJob.Clear(target));
        Assert.That(rig.Driver.BinSlotsUsed, Is.EqualTo(uint.MaxValue));
        long before = rig.Machine.Clock.NowNs;
        Assert.That(rig.Submit(f, Vc4TestJob.Clear(target), out var seqno), Is.EqualTo(Errno.None));
        Assert.That(seqno, Is.EqualTo(33UL));
        Assert.That(rig.Driver.FinishedSeqno, Is.EqualTo(32UL), "the wait ran every earlier job");
        Assert.That(rig.Machine.Clock.NowNs - before, Is.EqualTo(32_000_000L), "32 jobs of 1 ms each");
    }
}
