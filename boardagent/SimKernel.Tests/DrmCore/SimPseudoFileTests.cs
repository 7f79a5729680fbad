using NUnit.Framework;
using HilHarness.SimKernel.Core;
using HilHarness.SimKernel.Tests.Support;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Tests.DrmCore;

[TestFixture]
public sealed class SimPseudoFileTests
{
    [Test]
    [Description("A /dev/kmsg write becomes one record at priority 12 (LOG_USER | LOG_WARNING) readable from its sequence.")]
    public void KmsgWriteIsAUserRecord()
    {
        using var t = new TestKernel();
        ulong from = t.Machine.Kmsg.NextSequence;
        Assert.That(t.Kernel.WriteKmsg("hil: step 3\n").Ok, Is.True);
        var records = t.Kernel.ReadKmsg(from, out var errno);
        Assert.That(errno, Is.EqualTo(Errno.None));
        Assert.That(records, Has.Count.EqualTo(1));
        Assert.That(records![0], Does.Match(@"^12,\d+,\d+,-;hil: step 3\n$"));
    }

    [Test]
    [Description("/proc/sys/kernel/tainted shows the taint bits as a decimal number and a newline.")]
    public void TaintedFile()
    {
        using var t = new TestKernel();
        Assert.That(t.Kernel.ReadText("/proc/sys/kernel/tainted").Text, Is.EqualTo("0\n"));
        t.Machine.AddTaint(Taint.Warn);
        Assert.That(t.Kernel.ReadText("/proc/sys/kernel/tainted").Text, Is.EqualTo("512\n"));
    }

    [Test]
    [Description("/proc/meminfo reports CmaTotal and CmaFree in kB from the allocator, in meminfo's column format.")]
    public void MeminfoShowsCma()
    {
        using var t = new TestKernel();
        Assert.That(t.Machine.Allocator.TryAllocateCma(16 << 20), Is.True);
        var text = t.Kernel.ReadText("/proc/meminfo").Text;
        Assert.That(text, Does.Contain("CmaTotal:         262144 kB\n"));
        Assert.That(text, Does.Contain("CmaFree:          245760 kB\n"));
    }

    [Test]
    [Description("fdinfo of a DRM fd has the generic lines (with O_LARGEFILE for aarch64) followed by the driver's show_fdinfo.")]
    public void FdinfoOfADrmFd()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var text = t.Kernel.ReadText($"/proc/self/fdinfo/{fd}").Text;
        Assert.That(text, Does.StartWith("pos:\t0\nflags:\t02400002\nmnt_id:\t24\nino:\t350\n"));
        Assert.That(text, Does.EndWith($"drm-driver:\ttestgpu\ndrm-client-id:\t{t.Driver.Files[0].ClientId}\n"));
        Assert.That(t.Kernel.ReadText("/proc/self/fdinfo/99").Errno, Is.EqualTo(Errno.ENOENT));
    }

    [Test]
    [Description("debugfs routes dri/0, dri/128 and dri/<unique name> to the driver; unknown files are ENOENT; non-root gets EACCES.")]
    public void DebugfsRouting()
    {
        using var t = new TestKernel();
        var names = t.Kernel.ListDirectory("/sys/kernel/debug/dri", out _);
        Assert.That(names, Is.EqualTo(new[] { "0", "128", "soc:gpu" }));
        Assert.Multiple(() =>
        {
            Assert.That(t.Kernel.ReadText("/sys/kernel/debug/dri/0/bo_stats").Text, Is.EqualTo("testgpu bo_stats\n"));
            Assert.That(t.Kernel.ReadText("/sys/kernel/debug/dri/128/bo_stats").Ok, Is.True);
            Assert.That(t.Kernel.ReadText("/sys/kernel/debug/dri/soc:gpu/bo_stats").Ok, Is.True);
            Assert.That(t.Kernel.ReadText("/sys/kernel/debug/dri/0/gems").Errno, Is.EqualTo(Errno.ENOENT));
            Assert.That(t.Kernel.ReadText("/sys/kernel/debug/dri/1/bo_stats").Errno, Is.EqualTo(Errno.ENOENT));
        });
        using var user = new TestKernel(isRoot: false);
        Assert.That(user.Kernel.ReadText("/sys/kernel/debug/dri/0/bo_stats").Errno, Is.EqualTo(Errno.EACCES));
    }

    [Test]
    [Description("/dev/dri lists card0 and renderD128; other /sys files go to the driver; unknown paths are ENOENT.")]
    public void OtherRoutes()
    {
        using var t = new TestKernel();
        Assert.Multiple(() =>
        {
            Assert.That(t.Kernel.ListDirectory("/dev/dri", out _), Is.EqualTo(new[] { "card0", "renderD128" }));
            Assert.That(t.Kernel.ReadText("/sys/class/testgpu/state").Text, Is.EqualTo("idle\n"));
            Assert.That(t.Kernel.ReadText("/sys/class/other").Errno, Is.EqualTo(Errno.ENOENT));
            Assert.That(t.Kernel.ReadText("/etc/hostname").Errno, Is.EqualTo(Errno.ENOENT));
            Assert.That(t.Kernel.ListDirectory("/tmp", out var errno), Is.Null);
            Assert.That(errno, Is.EqualTo(Errno.ENOENT));
        });
    }

    [Test]
    [Description("uname comes from the profile and the description names the spec.")]
    public void UnameAndDescription()
    {
        using var t = new TestKernel();
        var uname = t.Kernel.Uname();
        Assert.That(uname, Is.EqualTo(new Uname("Linux", "sim-test-6.12.33", "6.12.33", "#1 SMP PREEMPT", "aarch64")));
        Assert.That(t.Kernel.Description, Is.EqualTo("sim:test-6.12.33"));
    }
}
