using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;
using NUnit.Framework;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>kernel-facts E5 and E7 on the fixed 7.1 profile: each switch shows its symptom, and the same steps
/// without it behave as the fixed kernel does.</summary>
[TestFixture]
public sealed class Vc4PowerAndHangRegressionTests
{
    private const long Ms = 1_000_000, Seconds = 1_000_000_000;
    private const string LeakReport = "kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)";
    private const string RuntimeStatus = "/sys/bus/platform/devices/3fc00000.v3d/power/runtime_status";

    [Test]
    [Description("E5: with bind's PM reference kept V3D stays active however long it idles, and even sim.suspend cannot suspend it; the fixed kernel autosuspends 40 ms after probe.")]
    public void E5V3dNeverSuspends()
    {
        var fixedRig = new Vc4Rig("rpi3-7.1");
        fixedRig.Advance(39 * Ms);
        Assert.That(fixedRig.Driver.ReadSysfs(RuntimeStatus), Is.EqualTo("active\n"), "inside the 40 ms autosuspend delay");
        fixedRig.Advance(2 * Ms);
        Assert.That(fixedRig.Driver.ReadSysfs(RuntimeStatus), Is.EqualTo("suspended\n"));

        var buggy = new Vc4Rig("rpi3-7.1+E5");
        buggy.Advance(10 * Seconds);
        buggy.Driver.RuntimeSuspend();
        Assert.That((buggy.Driver.RuntimeSuspended, buggy.Driver.ReadSysfs(RuntimeStatus)), Is.EqualTo((false, "active\n")));
    }

    [Test]
    [Description("E5: after a job the fixed kernel suspends again 40 ms after it completes, while E5 stays active.")]
    public void E5JobDoesNotReleaseBindReference()
    {
        foreach (var (spec, suspended) in new[] { ("rpi3-7.1", true), ("rpi3-7.1+E5", false) })
        {
            var rig = new Vc4Rig(spec);
            var f = rig.Open();
            uint target = rig.CreateBo(f, Vc4TestJob.TargetSize);
            rig.Submit(f, Vc4TestJob.Clear(target));
            Assert.That(rig.Driver.RuntimeSuspended, Is.False, $"{spec}: a job holds a PM reference");
            rig.Advance(42 * Ms);
            Assert.That(rig.Driver.RuntimeSuspended, Is.EqualTo(suspended), spec);
        }
    }

    private static (Vc4Rig Rig, SimDrmFile File, ulong Seqno) HungJob(string spec)
    {
        var rig = new Vc4Rig(spec);
        var f = rig.Open();
        uint target = rig.CreateBo(f, Vc4TestJob.TargetSize);
        rig.Machine.PlanGpuHang();
        ulong seqno = rig.Submit(f, Vc4TestJob.Clear(target));
        return (rig, f, seqno);
    }

    private static Errno GetHangState(Vc4Rig rig, SimDrmFile file, ref drm_vc4_get_hang_state state) =>
        rig.Ioctl(file, Vc4Ioctls.GetHangState, ref state);

    [Test]
    [Description("A hung job is reset by the hang check (second check without progress, on whole seconds) with \"[drm] Resetting GPU.\", and its seqno then finishes.")]
    public void HungJobIsResetByHangcheck()
    {
        var (rig, _, seqno) = HungJob("rpi3-7.1");
        rig.Advance(500 * Ms);
        Assert.That((rig.Driver.FinishedSeqno, rig.Driver.PendingJobs), Is.EqualTo((0UL, 1)), "still hung before the second check");
        rig.Advance(2 * Seconds);
        Assert.That((rig.Driver.FinishedSeqno, rig.Driver.HangStateSaved), Is.EqualTo((seqno, true)));
        Assert.That(rig.Kmsg, Does.Contain("[drm] Resetting GPU."));
    }

    [Test]
    [Description("E7 (f4dfd6847b3e): reading the hang state hands out a handle per BO of the hung job; the fixed kernel frees everything, E7 leaks the BO array and the next kmemleak scan reports it.")]
    public void E7GetHangStateLeaksBoArray()
    {
        foreach (var (spec, leaks) in new[] { ("rpi3-7.1", false), ("rpi3-7.1+E7", true) })
        {
            var (rig, f, _) = HungJob(spec);
            rig.Advance(3 * Seconds);
            var state = new drm_vc4_get_hang_state();
            Assert.That(GetHangState(rig, f, ref state), Is.EqualTo(Errno.None), spec);
            Assert.That(state.bo_count, Is.EqualTo(3u), $"{spec}: target, BCL and RCL");
            var entries = new byte[state.bo_count * Marshal.SizeOf<drm_vc4_get_hang_state_bo>()];
            using (var array = UserMemory.CopyOf(entries))
            {
                state.bo = (ulong)array.Address;
                Assert.That(GetHangState(rig, f, ref state), Is.EqualTo(Errno.None), spec);
            }
            Assert.That(rig.Driver.HangStateSaved, Is.False, $"{spec}: the state was taken");
            var again = new drm_vc4_get_hang_state();
            Assert.That(GetHangState(rig, f, ref again), Is.EqualTo(Errno.ENOENT), spec);
            rig.Advance(SimKmemleak.ScanPeriodNs + SimKmemleak.FirstScanNs);
            Assert.That(rig.Kmsg.Contains(LeakReport, StringComparison.Ordinal), Is.EqualTo(leaks), $"{spec}: {rig.Kmsg}");
        }
    }

    [Test]
    [Description("E7 (9525d169e5fd): when the BO array allocation of the hang-state save fails, no state is saved (GET_HANG_STATE is ENOENT) and the fixed kernel frees kernel_state, while E7 leaks it.")]
    public void E7SaveErrorPathLeaksKernelState()
    {
        foreach (var (spec, leaks) in new[] { ("rpi3-6.12", false), ("rpi3-6.12+E7", true) })
        {
            var (rig, f, seqno) = HungJob(spec);
            rig.Machine.Allocator.Apply(new FaultSpec("alloc-fail", Nth: 2));
            rig.Advance(3 * Seconds);
            Assert.That(rig.Driver.FinishedSeqno, Is.EqualTo(seqno), $"{spec}: the reset still finishes the job");
            var state = new drm_vc4_get_hang_state();
            Assert.That(GetHangState(rig, f, ref state), Is.EqualTo(Errno.ENOENT), spec);
            Assert.That(rig.Machine.Kmemleak.Unreported, Is.EqualTo(leaks ? 1 : 0), spec);
            rig.Advance(SimKmemleak.ScanPeriodNs + SimKmemleak.FirstScanNs);
            Assert.That(rig.Kmsg.Contains(LeakReport, StringComparison.Ordinal), Is.EqualTo(leaks), spec);
        }
    }

    [TestCase(0L, 60L)]
    [TestCase(54L, 60L)]
    [TestCase(61L, 660L)]
    [TestCase(660L, 660L)]
    [TestCase(661L, 1260L)]
    [Description("kmemleak's automatic scans run 60 s after boot and every 600 s after that.")]
    public void KmemleakScansOnItsSchedule(long atSeconds, long scanSeconds) =>
        Assert.That(SimKmemleak.NextScanAt(atSeconds * Seconds), Is.EqualTo(scanSeconds * Seconds));

    [Test]
    [Description("A leak younger than 5 s at a scan is reported by the scan after, once.")]
    public void KmemleakReportsOnlyObjectsOlderThanFiveSeconds()
    {
        var rig = new Vc4Rig("rpi3-7.1");
        rig.Advance(SimKmemleak.FirstScanNs - rig.Machine.Clock.NowNs - 2 * Seconds);
        rig.Machine.Kmemleak.Leak(64, "test");
        rig.Advance(3 * Seconds);
        Assert.That(rig.Kmsg, Does.Not.Contain("kmemleak:"), "2 s old at the first scan");
        rig.Advance(SimKmemleak.ScanPeriodNs);
        Assert.That(rig.Kmsg, Does.Contain(LeakReport));
        rig.Advance(SimKmemleak.ScanPeriodNs);
        Assert.That(rig.Machine.Kmemleak.Reported, Is.EqualTo(1), "reported once");
    }
}
