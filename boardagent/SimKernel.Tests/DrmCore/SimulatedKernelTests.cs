using NUnit.Framework;
using HilHarness.SimKernel.Core;
using HilHarness.SimKernel.Tests.Support;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Tests.DrmCore;

[TestFixture]
public sealed class SimulatedKernelTests
{
    [TestCase("no-such-board", "no-such-board", TestName = "UnknownProfileNamesTheSpec")]
    [TestCase("rpi3-6.12+E99", "E99", TestName = "UnknownRegressionNamesIt")]
    [TestCase("rpi3-6.12+E10", "E10", TestName = "RegressionOfTheOtherDriverIsRefused")]
    [TestCase("/nonexistent/board.json", "board.json", TestName = "MissingProfileFileNamesIt")]
    [Description("Create refuses a bad spec with a SimProfileException that names the spec and the bad part.")]
    public void BadSpecs(string spec, string mentioned)
    {
        var error = Assert.Throws<SimProfileException>(() => SimulatedKernel.Create(spec));
        Assert.That(error!.Message, Does.Contain(spec).And.Contain(mentioned));
    }

    [TestCase("rpi3-6.12", "vc4", TestName = "Rpi3ProfileBootsVc4")]
    [TestCase("rpi3-5.2", "vc4", TestName = "Rpi3OldProfileBootsVc4")]
    [TestCase("rk3588-6.18+E10", "panthor", TestName = "Rk3588ProfileBootsPanthor")]
    [TestCase("rk3588-6.10-rc", "panthor", TestName = "Rk3588RcProfileBootsPanthor")]
    [Description("Create boots each named profile with its driver: card0 opens and VERSION names the driver.")]
    public void NamedProfilesBoot(string spec, string driver)
    {
        using var kernel = SimulatedKernel.Create(spec);
        var open = kernel.Open("/dev/dri/card0", OpenFlags.ReadWrite);
        Assert.That(open.Ok, Is.True, open.ToString());
        using var name = UserMemory.Allocate(16);
        var version = new drm_version { name_len = 16, name = name.Address };
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref version, 1));
        Assert.That(kernel.Ioctl((int)open.Value, DrmIoctls.Version.Request, bytes).Ok, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(System.Text.Encoding.ASCII.GetString(name.Span[..(int)version.name_len]), Is.EqualTo(driver));
            Assert.That(kernel.Description, Is.EqualTo("sim:" + spec));
        });
    }

    [Test]
    [Description("An injected oops kills the next ioctl with SimKernelOopsException after OnOops, taints D, logs the oops, and releases the big lock.")]
    public void OopsKillsTheIoctl()
    {
        string? reported = null;
        using var t = new TestKernel(onOops: summary => reported = summary);
        int fd = t.OpenNode();
        ulong from = t.Machine.Kmsg.NextSequence;
        t.Kernel.InjectFault(new FaultSpec("oops"));
        var cap = new drm_get_cap { capability = 6 };
        Assert.Throws<SimKernelOopsException>(() => t.Ioctl(fd, DrmIoctls.GetCap, ref cap));
        var log = string.Concat(t.Kernel.ReadKmsg(from, out _)!);
        Assert.Multiple(() =>
        {
            Assert.That(reported, Does.Contain("oops"));
            Assert.That(t.Machine.Tainted.HasFlag(Taint.Die), Is.True);
            Assert.That(log, Does.Contain("Unable to handle kernel NULL pointer dereference"));
            Assert.That(t.Ioctl(fd, DrmIoctls.GetCap, ref cap).Ok, Is.True, "the next syscall runs: the lock was released");
        });
    }

    [Test]
    [Description("An injected warn logs a WARNING report, taints W, and the ioctl still runs normally.")]
    public void WarnThenRuns()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        ulong from = t.Machine.Kmsg.NextSequence;
        t.Kernel.InjectFault(new FaultSpec("warn"));
        var cap = new drm_get_cap { capability = 6 };
        Assert.That(t.Ioctl(fd, DrmIoctls.GetCap, ref cap).Ok, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(cap.value, Is.EqualTo(1UL));
            Assert.That(t.Machine.Tainted.HasFlag(Taint.Warn), Is.True);
            Assert.That(string.Concat(t.Kernel.ReadKmsg(from, out _)!), Does.Contain("WARNING: CPU: 0 PID:").And.Contain("at drivers/gpu/drm/"));
        });
    }

    [Test]
    [Description("Memory faults go to the allocator: cma-fill leaves only the asked bytes free, cma-release gives them back.")]
    public void MemoryFaultsReachTheAllocator()
    {
        using var t = new TestKernel();
        t.Kernel.InjectFault(new FaultSpec("cma-fill", Bytes: 1 << 20));
        Assert.That(t.Machine.Allocator.CmaFree, Is.EqualTo(1 << 20));
        t.Kernel.InjectFault(new FaultSpec("cma-release"));
        Assert.That(t.Machine.Allocator.CmaFree, Is.EqualTo(t.Machine.Allocator.CmaTotal));
        Assert.Throws<ArgumentException>(() => t.Kernel.InjectFault(new FaultSpec("melt")));
    }

    [Test]
    [Description("Advance moves the virtual clock and fires due timers.")]
    public void AdvanceMovesTheClock()
    {
        using var t = new TestKernel();
        long start = t.Kernel.NowNs;
        bool fired = false;
        t.Machine.Clock.After(2_000_000, () => fired = true);
        t.Kernel.Advance(3_000_000);
        Assert.That(t.Kernel.NowNs, Is.EqualTo(start + 3_000_000));
        Assert.That(fired, Is.True);
    }

    private static string RaceTrace(int seed)
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        t.Kernel.ArmRace(2, seed);
        var threads = new Thread[2];
        for (int i = 0; i < 2; i++)
        {
            uint tag = (uint)i + 1;
            int slot = i;
            threads[i] = new Thread(() =>
            {
                // As the agent's race op does: a fixed slot per racer, so the thread scheduler's choice of who
                // reaches the gate first cannot change the interleaving (without it the test was flaky in CI).
                SimCpu.SetRaceSlot(slot);
                var param = new drm_vc4_get_param { param = tag };
                t.Ioctl(fd, Vc4Ioctls.GetParam, ref param);
            });
            threads[i].Start();
        }
        foreach (var thread in threads) thread.Join();
        return string.Join(" ", t.Driver.RaceTrace);
    }

    [Test]
    [Description("Two racing ioctls with fixed race slots interleave the same way for the same seed on 30 runs whichever thread arrives first, and at least two seeds give different interleavings.")]
    public void RacesAreDeterministicPerSeed()
    {
        var first = RaceTrace(7);
        for (int run = 0; run < 30; run++) Assert.That(RaceTrace(7), Is.EqualTo(first), $"run {run}");
        var traces = new HashSet<string>();
        for (int seed = 0; seed < 8; seed++) traces.Add(RaceTrace(seed));
        Assert.That(traces, Has.Count.GreaterThanOrEqualTo(2), string.Join(" | ", traces));
    }
}
