using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;
using NUnit.Framework;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>SUBMIT_CL: the A.11 errno rows, the minimal accepted job, and command lists vc4_validate.c and
/// vc4_render_cl.c refuse.</summary>
[TestFixture]
public sealed class Vc4SubmitTests
{
    private Vc4Rig rig = null!;
    private SimDrmFile file = null!;
    private uint target;

    [SetUp]
    public void SetUp()
    {
        rig = new Vc4Rig();
        file = rig.Open();
        target = rig.CreateBo(file, Vc4TestJob.TargetSize);
    }

    private Errno Submit(Action<Vc4TestJob> change)
    {
        var job = Vc4TestJob.Clear(target);
        change(job);
        return rig.Submit(file, job, out _);
    }

    [Test]
    [Description("The minimal clear job is accepted, returns seqno 1, and its BCL and RCL BOs live until it completes.")]
    public void MinimalJobAccepted()
    {
        Assert.That(rig.Submit(file, Vc4TestJob.Clear(target), out var seqno), Is.EqualTo(Errno.None));
        Assert.That(seqno, Is.EqualTo(1UL));
        Assert.That(rig.BoStats, Does.Contain("                           RCL:      4kb BOs (1)")
            .And.Contain("                           BCL:      4kb BOs (1)"));
        rig.Advance(1_000_000);
        Assert.That(rig.Driver.FinishedSeqno, Is.EqualTo(1UL), "1 ms of GPU time");
        Assert.That(rig.BoStats, Does.Not.Contain(" RCL:").And.Not.Contain(" BCL:").And.Contain("kernel BO cache:      8kb BOs (2)"));
    }

    [Test]
    [Description("igt_vc4_get_cleared_bo's render-only job (no bin CL) is accepted and creates an RCL but no BCL.")]
    public void RenderOnlyJobAccepted()
    {
        Assert.That(rig.Submit(file, Vc4TestJob.Clear(target, withBin: false), out _), Is.EqualTo(Errno.None));
        Assert.That(rig.BoStats, Does.Contain(" RCL:").And.Not.Contain(" BCL:"));
    }

    [TestCase(0x10u, 0u, Errno.EINVAL, TestName = "Submit_UnknownFlag_EINVAL")]
    [TestCase(0xfu, 0u, Errno.None, TestName = "Submit_AllFourFlags_Ok")]
    [TestCase(1u, 1u, Errno.EINVAL, TestName = "Submit_Pad2_EINVAL")]
    [Description("SUBMIT_CL accepts flag bits 0-3 only and a zero pad2.")]
    public void FlagsAndPad2(uint flags, uint pad2, Errno expected)
        => Assert.That(Submit(j => { j.Args.flags = flags; j.Args.pad2 = pad2; }), Is.EqualTo(expected));

    [Test]
    [Description("The pad:24 bit-field after clear_s is not checked.")]
    public unsafe void PadBitFieldIgnored()
        => Assert.That(Submit(j => j.Args.pad[1] = 0xff), Is.EqualTo(Errno.None));

    [Test]
    [Description("bo_handle_count 0 is EINVAL, an unknown handle ENOENT, an unreadable handle array EFAULT.")]
    public void BoLookupErrors()
    {
        Assert.That(Submit(j => j.HandleCount = 0), Is.EqualTo(Errno.EINVAL));
        Assert.That(Submit(j => j.Handles = [target, 4242]), Is.EqualTo(Errno.ENOENT));
        Assert.That(Submit(j => j.HandlesAddress = 0x10), Is.EqualTo(Errno.EFAULT));
        Assert.That(file.Lookup(target)!.RefCount, Is.EqualTo(1), "failed lookups keep no reference");
    }

    [Test]
    [Description("An unknown perfmonid and an unknown in_sync are ENOENT; an unknown out_sync is EINVAL; a fenceless in_sync is EINVAL.")]
    public void PerfmonAndSyncobjErrors()
    {
        Assert.That(Submit(j => j.Args.perfmonid = 5), Is.EqualTo(Errno.ENOENT));
        Assert.That(Submit(j => j.Args.in_sync = 5), Is.EqualTo(Errno.ENOENT));
        Assert.That(Submit(j => j.Args.out_sync = 5), Is.EqualTo(Errno.EINVAL));
        file.Syncobjs[5] = new SimSyncobj();
        Assert.That(Submit(j => j.Args.in_sync = 5), Is.EqualTo(Errno.EINVAL));
        Assert.That(Submit(j => j.Args.out_sync = 5), Is.EqualTo(Errno.None));
        Assert.That(file.Syncobjs[5].Fence!.Signaled, Is.False);
        rig.Driver.CompleteJobs(int.MaxValue);
        Assert.That(file.Syncobjs[5].Fence!.Signaled, Is.True, "out_sync carries the job's fence");
        Assert.That(rig.Driver.BinSlotsUsed, Is.Zero, "failed submits gave their slots back");
        Assert.That(rig.Driver.BinBoRefCount, Is.EqualTo(1), "failed submits gave their job references back");
    }

    [Test]
    [Description("Sizes whose sum wraps 32 bits are EINVAL (vc4_get_bcl's overflow check).")]
    public void SizeOverflowIsEinval()
    {
        var job = Vc4TestJob.Clear(target);
        job.Args.shader_rec_count = uint.MaxValue / 8;
        Assert.That(rig.Submit(file, job, out _), Is.EqualTo(Errno.EINVAL));
    }

    private static IEnumerable<TestCaseData> MalformedBinCls()
    {
        byte[] config = Vc4TestJob.BinningModeConfig(4, 1);
        yield return new TestCaseData((byte[])[.. config, 6, 7]).SetName("BinCl_NoFlush");
        yield return new TestCaseData((byte[])[.. config, 6, 4]).SetName("BinCl_NoIncrementSemaphore");
        yield return new TestCaseData((byte[])[.. config, 6, 4, 7]).SetName("BinCl_FlushNotLast");
        yield return new TestCaseData((byte[])[.. config, 7, 4]).SetName("BinCl_NoStartTileBinning");
        yield return new TestCaseData((byte[])[6, .. config, 7, 4]).SetName("BinCl_StartBeforeConfig");
        yield return new TestCaseData((byte[])[.. config, .. config, 6, 7, 4]).SetName("BinCl_DuplicateConfig");
        yield return new TestCaseData((byte[])[.. Vc4TestJob.BinningModeConfig(0, 1), 6, 7, 4]).SetName("BinCl_ZeroTiles");
        yield return new TestCaseData((byte[])[.. Vc4TestJob.BinningModeConfig(4, 1, 0x02), 6, 7, 4]).SetName("BinCl_TileBuffer64Bit");
        yield return new TestCaseData((byte[])[.. Vc4TestJob.BinningModeConfig(4, 1, 0x80), 6, 7, 4]).SetName("BinCl_DoubleBufferNonMs");
        yield return new TestCaseData((byte[])[.. config, 6, 16, 0, 0, 0, 0, 7, 4]).SetName("BinCl_Branch");
        yield return new TestCaseData((byte[])[.. config, 6, 200, 7, 4]).SetName("BinCl_UnknownPacket");
        yield return new TestCaseData((byte[])[.. config, 6, 7, 4, 56]).SetName("BinCl_TruncatedPacket");
        yield return new TestCaseData((byte[])[.. config, 6, 64, 0, 0, 0, 0, 7, 4]).SetName("BinCl_ShaderStateBeyondCount");
        yield return new TestCaseData((byte[])[.. config, 6, 33, 4, 3, 0, 0, 0, 0, 0, 0, 0, 7, 4]).SetName("BinCl_PrimitiveWithoutShaderState");
    }

    [TestCaseSource(nameof(MalformedBinCls))]
    [Description("vc4_validate_bin_cl refuses the bin CL with EINVAL and the slot it may have taken is freed.")]
    public void MalformedBinClRejected(byte[] binCl)
    {
        Assert.That(Submit(j => j.BinCl = binCl), Is.EqualTo(Errno.EINVAL));
        Assert.That(rig.Driver.BinSlotsUsed, Is.Zero);
        Assert.That(rig.Driver.BinBoRefCount, Is.EqualTo(1), "only the file's reference");
        Assert.That(rig.Driver.PendingJobs, Is.Zero);
    }

    private static IEnumerable<TestCaseData> MalformedRenderArgs()
    {
        yield return new TestCaseData((Action<Vc4TestJob>)(j => j.Args.max_x_tile = 5)).SetName("Rcl_TilesBeyondBinConfig");
        yield return new TestCaseData((Action<Vc4TestJob>)(j => { j.Args.min_x_tile = 2; j.Args.max_x_tile = 1; })).SetName("Rcl_MinAboveMax");
        yield return new TestCaseData((Action<Vc4TestJob>)(j => j.Args.color_write.hindex = uint.MaxValue)).SetName("Rcl_NoSurfaceWritten");
        yield return new TestCaseData((Action<Vc4TestJob>)(j => j.Args.color_write.hindex = 1)).SetName("Rcl_HindexOutOfRange");
        yield return new TestCaseData((Action<Vc4TestJob>)(j => j.Args.color_write.flags = 1)).SetName("Rcl_RenderConfigFlags");
        yield return new TestCaseData((Action<Vc4TestJob>)(j => j.Args.color_write.bits = 3 << 2)).SetName("Rcl_BadFormat");
        yield return new TestCaseData((Action<Vc4TestJob>)(j => j.Args.color_write.offset = 4096)).SetName("Rcl_SurfaceOverflowsBo");
        yield return new TestCaseData((Action<Vc4TestJob>)(j => j.Args.zs_read = new drm_vc4_submit_rcl_surface { hindex = 0, bits = 0, offset = 0 })).SetName("Rcl_LoadBufferNone");
        yield return new TestCaseData((Action<Vc4TestJob>)(j => j.Args.msaa_color_write = new drm_vc4_submit_rcl_surface { hindex = 0, bits = 1 })).SetName("Rcl_MsaaBits");
        yield return new TestCaseData((Action<Vc4TestJob>)(j => j.Args.width = 4097)).SetName("Rcl_WidthAbove4096");
    }

    [TestCaseSource(nameof(MalformedRenderArgs))]
    [Description("vc4_get_rcl refuses the render arguments with EINVAL.")]
    public void MalformedRenderArgsRejected(Action<Vc4TestJob> change)
        => Assert.That(Submit(change), Is.EqualTo(Errno.EINVAL));

    [Test]
    [Description("A Z/S write surface that fits is accepted alongside the colour write.")]
    public void ZsWriteAccepted()
        => Assert.That(Submit(j => j.Args.zs_write = new drm_vc4_submit_rcl_surface { hindex = 0, bits = 2 }), Is.EqualTo(Errno.None));

    [Test]
    [Description("WAIT_SEQNO: a zero timeout on a busy job is ETIME; a short timeout advances virtual time to the deadline and is ETIME without writing timeout_ns back; a long one returns 0 once the job is done.")]
    public void WaitSeqno()
    {
        ulong seqno = rig.Submit(file, Vc4TestJob.Clear(target));
        var a = new drm_vc4_wait_seqno { seqno = seqno, timeout_ns = 0 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.WaitSeqno, ref a), Is.EqualTo(Errno.ETIME));
        long start = rig.Machine.Clock.NowNs;
        a.timeout_ns = 400_000;
        Assert.That(rig.Ioctl(file, Vc4Ioctls.WaitSeqno, ref a), Is.EqualTo(Errno.ETIME));
        Assert.That(rig.Machine.Clock.NowNs - start, Is.EqualTo(400_000L));
        Assert.That(a.timeout_ns, Is.EqualTo(400_000UL));
        a.timeout_ns = 10_000_000;
        Assert.That(rig.Ioctl(file, Vc4Ioctls.WaitSeqno, ref a), Is.EqualTo(Errno.None));
        Assert.That(rig.Machine.Clock.NowNs - start, Is.EqualTo(1_000_000L), "returns when the job completes");
    }

    [Test]
    [Description("WAIT_BO: non-zero pad and a bad handle are EINVAL; a busy BO times out with ETIME.")]
    public void WaitBo()
    {
        rig.Submit(file, Vc4TestJob.Clear(target));
        var a = new drm_vc4_wait_bo { handle = target, pad = 1 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.WaitBo, ref a), Is.EqualTo(Errno.EINVAL));
        a = new drm_vc4_wait_bo { handle = 999 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.WaitBo, ref a), Is.EqualTo(Errno.EINVAL));
        a = new drm_vc4_wait_bo { handle = target, timeout_ns = 100_000 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.WaitBo, ref a), Is.EqualTo(Errno.ETIME));
        Assert.That(a.timeout_ns, Is.EqualTo(100_000UL), "6.12 does not write the remaining time back");
    }

    [Test]
    [Description("From 6.18 WAIT_BO writes timeout_ns back decremented by the virtual time waited.")]
    public void WaitBoDecrementsTimeoutFrom618()
    {
        var r = new Vc4Rig(SimProfile.Resolve("rpi3-6.12") with { KernelRelease = "6.18.35-v8+" });
        var f = r.Open();
        uint t = r.CreateBo(f, Vc4TestJob.TargetSize);
        r.Submit(f, Vc4TestJob.Clear(t));
        var a = new drm_vc4_wait_bo { handle = t, timeout_ns = 300_000 };
        Assert.That(r.Ioctl(f, Vc4Ioctls.WaitBo, ref a), Is.EqualTo(Errno.ETIME));
        Assert.That(a.timeout_ns, Is.Zero);
        a.timeout_ns = 5_000_000;
        Assert.That(r.Ioctl(f, Vc4Ioctls.WaitBo, ref a), Is.EqualTo(Errno.None));
        Assert.That(a.timeout_ns, Is.EqualTo(4_300_000UL), "0.7 ms left of the job's 1 ms");
    }

    [Test]
    [Description("A job holds a runtime PM reference for its life: the GPU stays active past 40 ms until the job completes.")]
    public void JobHoldsRuntimePm()
    {
        rig.Submit(file, Vc4TestJob.Clear(target));
        rig.Driver.RuntimeSuspend();
        Assert.That(rig.Driver.RuntimeSuspended, Is.False, "sim suspend is a no-op while a job holds PM");
        rig.Driver.CompleteJobs(int.MaxValue);
        rig.Advance(39_000_000);
        Assert.That(rig.Driver.RuntimeSuspended, Is.False);
        rig.Advance(1_000_000);
        Assert.That(rig.Driver.RuntimeSuspended, Is.True);
    }
}
