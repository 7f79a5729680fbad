using NUnit.Framework;
using HilHarness.Health;

namespace HilHarness.Tests.Health;

/// <summary>Lines as real kernels print them (from public bug reports and the kernel's own format strings).</summary>
public sealed class KernelLogClassifierTests
{
    [TestCase("WARNING: CPU: 2 PID: 1234 at drivers/gpu/drm/vc4/vc4_bo.c:586 vc4_bo_dec_usecnt+0x60/0x70 [vc4]", KernelIssueKind.Warning)]
    [TestCase("------------[ cut here ]------------", KernelIssueKind.Warning)]
    [TestCase("kernel BUG at mm/slub.c:4231!", KernelIssueKind.Bug)]
    [TestCase("BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580", KernelIssueKind.Bug)]
    [TestCase("Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010", KernelIssueKind.Oops)]
    [TestCase("Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP", KernelIssueKind.Oops)]
    [TestCase("Kernel panic - not syncing: Fatal exception", KernelIssueKind.Oops)]
    [TestCase("BUG: KASAN: slab-use-after-free in panthor_heap_pool_put+0x24/0x98 [panthor]", KernelIssueKind.Kasan)]
    [TestCase("WARNING: possible circular locking dependency detected", KernelIssueKind.Lockdep)]
    [TestCase("rcu: INFO: rcu_sched self-detected stall on CPU", KernelIssueKind.RcuStall)]
    [TestCase("INFO: task kworker/u8:2:91 blocked for more than 122 seconds.", KernelIssueKind.HungTask)]
    [TestCase("refcount_t: underflow; use-after-free.", KernelIssueKind.Refcount)]
    [Description("Each kind of kernel trouble is recognised from the kernel's own wording, and KASAN/lockdep/refcount are not mistaken for plain BUG/WARNING.")]
    public void RecognisesKernelWording(string text, KernelIssueKind expected) =>
        Assert.That(KernelLogClassifier.Classify(text), Is.EqualTo(expected));

    [TestCase("vc4-drm 3f400000.gpu: [drm] Initialized vc4 0.0.0 for 3f400000.gpu on minor 0")]
    [TestCase("panthor fb000000.gpu: [drm] Firmware protected mode entry not be supported, ignoring")]
    [TestCase("usb 1-1.3: new high-speed USB device number 4 using dwc2")]
    [TestCase("Booting Linux on physical CPU 0x0000000000 [0x410fd083]")]
    [Description("Ordinary driver and boot messages are not trouble.")]
    public void OrdinaryLinesAreClean(string text) => Assert.That(KernelLogClassifier.Classify(text), Is.Null);

    private static KmsgRecord R(long seq, string text, int prio = 4) => new(prio, seq, seq * 1000, text);

    [Test]
    [Description("An allowlisted warning is ignored while an unlisted one in the same window still makes the verdict unhealthy, with the backtrace in the excerpt.")]
    public void AllowlistFiltersOnlyWhatItNames()
    {
        var allow = KernelAllowlist.Parse("# known on rpi3 lab boards\n\nvc4_hdmi.*cec\n", "allow.txt");
        var window = new[]
        {
            R(10, "WARNING: CPU: 0 PID: 77 at drivers/gpu/drm/vc4/vc4_hdmi.c:1001 vc4_hdmi_cec_enable"),
            R(11, "WARNING: CPU: 1 PID: 88 at drivers/gpu/drm/vc4/vc4_bo.c:586 vc4_bo_dec_usecnt+0x60/0x70 [vc4]"),
            R(12, "Call trace:"),
            R(13, " vc4_bo_dec_usecnt+0x60/0x70 [vc4]"),
        };
        var verdict = KernelHealthVerdict.From(window, allow, taintBefore: 0, taintAfter: 512);
        Assert.That(verdict.Issues.Select(i => i.Record.Sequence), Is.EqualTo(new[] { 11L }));
        Assert.That((verdict.Healthy, TaintFlags.Describe(verdict.NewTaint)), Is.EqualTo((false, "W")));
        Assert.That(verdict.Excerpt, Does.Contain("vc4_bo_dec_usecnt+0x60/0x70 [vc4]").And.Contain("taint: 0 -> 512 (new: W)"));
    }

    [Test]
    [Description("A clean window with unchanged taint is healthy; taint bits present before the test do not count against it.")]
    public void CleanWindowIsHealthy() =>
        Assert.That(KernelHealthVerdict.From([R(1, "vc4-drm: [drm] ok")], KernelAllowlist.Empty, 4097, 4097).Healthy, Is.True);

    [Test]
    [Description("A broken allowlist regex is an error naming the file and line, not a silently ignored entry.")]
    public void BadAllowlistRegexNamesLine()
    {
        var error = Assert.Throws<FormatException>(() => KernelAllowlist.Parse("# c\nok\n(unclosed\n", "rack.allow"));
        Assert.That(error!.Message, Does.StartWith("rack.allow:3: not a valid regular expression \"(unclosed\""));
    }

    [Test]
    [Description("An oops among the records counts as a crash; a mere warning does not.")]
    public void CrashNeedsOopsBugOrKasan()
    {
        Assert.That(KernelLogClassifier.ShowsCrash([R(1, "WARNING: CPU: 0 PID: 1 at x.c:1 f")]), Is.False);
        Assert.That(KernelLogClassifier.ShowsCrash([R(1, "Internal error: Oops: 96000004 [#1] SMP")]), Is.True);
    }
}
