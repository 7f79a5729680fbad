using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using NUnit.Framework;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>kernel-facts section E for vc4: each regression switch shows its symptom, and the same steps without
/// the switch behave correctly.</summary>
[TestFixture]
public sealed class Vc4RegressionTests
{
    /// <summary>A seed whose interleaving preempts the first CREATE_BO between its bin_bo_used test and set.</summary>
    public const int E1RaceSeed = 2;

    private const long ThreeSeconds = 3_000_000_000;

    private static int RacingFirstCreateBos(Vc4Rig rig, SimDrmFile file, int seed)
    {
        rig.Machine.Cpu.ArmRace(2, seed);
        var errnos = new Errno[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() => errnos[i] = rig.CreateBo(file, 4096, out _))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.That(errnos, Is.All.EqualTo(Errno.None));
        return rig.Driver.BinBoRefCount;
    }

    [Test]
    [Description("E1: with the unlocked test-and-set, two racing first CREATE_BOs on one file take two krefs and the bin BO outlives every close; merged code takes one.")]
    public void E1RacingCreateBoLeaksReference()
    {
        var fixedRig = new Vc4Rig("rpi3-6.12");
        var f = fixedRig.Open();
        Assert.That(RacingFirstCreateBos(fixedRig, f, E1RaceSeed), Is.EqualTo(1), "merged: one kref per file");
        fixedRig.Close(f);
        fixedRig.Advance(ThreeSeconds);
        Assert.That(fixedRig.BoStats, Does.Not.Contain("binner").And.Not.Contain("kernel BO cache"));

        var buggy = new Vc4Rig("rpi3-6.12+E1");
        var g = buggy.Open();
        Assert.That(RacingFirstCreateBos(buggy, g, E1RaceSeed), Is.EqualTo(2), "E1: both threads took a kref");
        buggy.Close(g);
        buggy.Advance(ThreeSeconds);
        Assert.That(buggy.BoStats, Does.Contain("                        binner:  16384kb BOs (1)"), "leaked forever");
    }

    [Test]
    [Description("E2: a failed bin BO allocation still marks the file, so its close puts a reference never taken (refcount underflow WARN); merged code closes cleanly.")]
    public void E2FailedAllocationThenCloseUnderflows()
    {
        foreach (var (spec, expectWarn) in new[] { ("rpi3-6.12", false), ("rpi3-6.12+E2", true) })
        {
            var rig = new Vc4Rig(spec);
            var f = rig.Open();
            rig.Machine.Allocator.Apply(new FaultSpec("cma-fill"));
            Assert.That(rig.CreateBo(f, 4096, out _), Is.EqualTo(Errno.ENOMEM), spec);
            Assert.That(rig.Kmsg, Does.Contain("Failed to allocate memory for tile binning: -12. You may need to enable DMA or give it more memory."));
            rig.Machine.Allocator.Apply(new FaultSpec("cma-release"));
            rig.Close(f);
            Assert.That(rig.Kmsg.Contains("refcount_t: underflow; use-after-free.", StringComparison.Ordinal), Is.EqualTo(expectWarn), spec);
            Assert.That(rig.Machine.Tainted.HasFlag(Taint.Warn), Is.EqualTo(expectWarn), spec);
        }
    }

    [Test]
    [Description("E2: the stray put of a file whose allocation failed frees the bin BO under another file that holds it.")]
    public void E2StrayPutFreesBinBoUnderOtherUser()
    {
        foreach (var (spec, stillThere) in new[] { ("rpi3-6.12", true), ("rpi3-6.12+E2", false) })
        {
            var rig = new Vc4Rig(spec);
            var failed = rig.Open();
            rig.Machine.Allocator.Apply(new FaultSpec("cma-fill"));
            Assert.That(rig.CreateBo(failed, 4096, out _), Is.EqualTo(Errno.ENOMEM));
            rig.Machine.Allocator.Apply(new FaultSpec("cma-release"));
            var user = rig.Open();
            rig.CreateBo(user, 4096);
            Assert.That(rig.Driver.BinBoRefCount, Is.EqualTo(1), spec);
            rig.Close(failed);
            Assert.That(rig.Driver.BinBoExists, Is.EqualTo(stillThere), $"{spec}: bin BO while its user is open");
        }
    }

    [Test]
    [Description("E3: CREATE_BO size 0 drops the file's reference on the error path and close drops it again (underflow WARN); merged code keeps it until close.")]
    public void E3ErrorPathPutThenCloseDoublePuts()
    {
        var rig = new Vc4Rig("rpi3-6.12");
        var f = rig.Open();
        Assert.That(rig.CreateBo(f, 0, out _), Is.EqualTo(Errno.EINVAL));
        Assert.That(rig.Driver.BinBoRefCount, Is.EqualTo(1));
        rig.Close(f);
        Assert.That(rig.Driver.BinBoRefCount, Is.Zero);
        Assert.That(rig.Kmsg, Does.Not.Contain("refcount_t"));

        var buggy = new Vc4Rig("rpi3-6.12+E3");
        var g = buggy.Open();
        Assert.That(buggy.CreateBo(g, 0, out _), Is.EqualTo(Errno.EINVAL));
        Assert.That(buggy.Driver.BinBoRefCount, Is.Zero, "E3: the error path already put it");
        Assert.That(buggy.Driver.BinBoExists, Is.False);
        buggy.Close(g);
        Assert.That(buggy.Kmsg, Does.Contain("refcount_t: underflow; use-after-free.").And.Contain("WARNING: CPU: 0"));
    }

    private static void IdleFragmentAndSubmit(Vc4Rig rig, SimDrmFile f, uint target)
    {
        rig.Advance(50_000_000);
        Assert.That(rig.Driver.RuntimeSuspended, Is.True, "autosuspended");
        rig.Advance(ThreeSeconds); // the kernel BO cache lets go of anything freed at suspend
        rig.Machine.Allocator.Apply(new FaultSpec("cma-fill", Bytes: 1 << 20)); // room for BCL/RCL, not 16 MiB
        rig.Submit(f, Vc4TestJob.Clear(target));
    }

    [Test]
    [Description("E4 and the 5.2 profile: the bin BO is freed at runtime suspend and its re-allocation at resume fails under CMA pressure, crashing the next submit; 6.12 keeps it.")]
    public void E4ResumeUnderCmaPressureCrashes([Values("rpi3-5.2", "rpi3-6.12+E4")] string spec)
    {
        var fixedRig = new Vc4Rig("rpi3-6.12");
        var f = fixedRig.Open();
        uint target = fixedRig.CreateBo(f, Vc4TestJob.TargetSize);
        Assert.DoesNotThrow(() => IdleFragmentAndSubmit(fixedRig, f, target));
        Assert.That(fixedRig.Driver.BinBoExists, Is.True);

        var rig = new Vc4Rig(spec);
        Assert.That(rig.Driver.BinBoExists, Is.True, "allocated at probe");
        var g = rig.Open();
        uint t = rig.CreateBo(g, Vc4TestJob.TargetSize);
        Assert.That(rig.Driver.BinBoRefCount, Is.Zero, "no references before 5.3");
        Assert.Throws<SimKernelOopsException>(() => IdleFragmentAndSubmit(rig, g, t));
        Assert.That(rig.Kmsg, Does.Contain("Failed to allocate memory for tile binning: -12. You may need to enable DMA or give it more memory.")
            .And.Contain("Internal error: Oops"));
        Assert.That(rig.Machine.Tainted.HasFlag(Taint.Die), Is.True);
    }

    [Test]
    [Description("Before 5.3, a resume inside the BO cache window gets the same 16 MiB buffer back without touching CMA.")]
    public void PreMergeResumeReusesCachedBinBo()
    {
        var rig = new Vc4Rig("rpi3-5.2");
        long backing = rig.Driver.BinBoBackingId;
        rig.Advance(50_000_000);
        Assert.That(rig.Driver.BinBoExists, Is.False, "freed at suspend");
        Assert.That(rig.BoStats, Does.Contain("kernel BO cache:  16384kb BOs (1)"));
        long cmaFree = rig.Machine.Allocator.CmaFree;
        rig.Driver.RuntimeResume();
        Assert.That(rig.Driver.BinBoBackingId, Is.EqualTo(backing));
        Assert.That(rig.Machine.Allocator.CmaFree, Is.EqualTo(cmaFree));
    }

    private static ulong SubmitWithPerfmon(Vc4Rig rig, SimDrmFile file)
    {
        Assert.That(rig.PerfmonCreate(file, out var id, 0, 1), Is.EqualTo(Errno.None));
        uint target = rig.CreateBo(file, Vc4TestJob.TargetSize);
        var job = Vc4TestJob.Clear(target);
        job.Args.perfmonid = id;
        return rig.Submit(file, job);
    }

    [Test]
    [Description("E6: a perfmon freed at file close stays the active perfmon, and the next job with another file's perfmon touches freed memory (KASAN); the fix stops it at close.")]
    public void E6PerfmonActiveAfterCloseIsUseAfterFree()
    {
        foreach (var (spec, expectKasan) in new[] { ("rpi3-6.12", false), ("rpi3-6.12+E6", true) })
        {
            var rig = new Vc4Rig(spec);
            var a = rig.Open();
            SubmitWithPerfmon(rig, a);
            rig.Driver.CompleteJobs(int.MaxValue);
            Assert.That(rig.Driver.PerfmonActive, Is.True, "the perfmon stays active after its job");
            rig.Close(a);
            var b = rig.Open();
            SubmitWithPerfmon(rig, b);
            Assert.That(rig.Kmsg.Contains("BUG: KASAN: slab-use-after-free in vc4_perfmon_stop", StringComparison.Ordinal), Is.EqualTo(expectKasan), spec);
            Assert.That(rig.Machine.Tainted.HasFlag(Taint.BadPage), Is.EqualTo(expectKasan), spec);
        }
    }

    [Test]
    [Description("E8: SUBMIT_CL with an unknown BO handle oopses in vc4_cl_lookup_bos instead of returning ENOENT.")]
    public void E8UnknownHandleOopses()
    {
        var rig = new Vc4Rig("rpi3-6.12");
        var f = rig.Open();
        Assert.That(rig.Submit(f, Vc4TestJob.Clear(77), out _), Is.EqualTo(Errno.ENOENT));
        Assert.That(rig.Machine.Tainted, Is.EqualTo(Taint.None));

        var buggy = new Vc4Rig("rpi3-6.12+E8");
        var g = buggy.Open();
        Assert.Throws<SimKernelOopsException>(() => buggy.Submit(g, Vc4TestJob.Clear(77), out _));
        Assert.That(buggy.Kmsg, Does.Contain("Unable to handle kernel NULL pointer dereference").And.Contain("pc : vc4_cl_lookup_bos"));
    }
}
