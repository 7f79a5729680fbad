using HilHarness.Health;
using NUnit.Framework;

namespace HilHarness.Tests.Health;

/// <summary>kmemleak's scan summary (mm/kmemleak.c, pr_info with pr_fmt "kmemleak: ") as boards print it: the sign of
/// E7's hang-state leaks.</summary>
public sealed class KmemleakClassifierTests
{
    private static KmsgRecord R(long seq, string text, int prio = 6) => new(prio, seq, seq * 1000, text);

    [TestCase("kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)")]
    [TestCase("kmemleak: 24037 new suspected memory leaks (see /sys/kernel/debug/kmemleak)")]
    [Description("A kmemleak scan that found leaks is recognised as a memory leak whatever the count.")]
    public void ScanSummaryIsMemoryLeak(string text) =>
        Assert.That(KernelLogClassifier.Classify(text), Is.EqualTo(KernelIssueKind.MemoryLeak));

    [TestCase("kmemleak: Kernel memory leak detector initialized (mem pool available: 36041)")]
    [TestCase("kmemleak: Automatic memory scanning thread started")]
    [TestCase("kmemleak: 0 new suspected memory leaks (see /sys/kernel/debug/kmemleak)")]
    [Description("kmemleak's start-up lines and a zero count are not trouble.")]
    public void KmemleakHousekeepingIsClean(string text) => Assert.That(KernelLogClassifier.Classify(text), Is.Null);

    [Test]
    [Description("A leak report at info priority makes an otherwise clean window unhealthy even with unchanged taint (kmemleak does not taint).")]
    public void LeakReportMakesWindowUnhealthy()
    {
        var window = new[]
        {
            R(1, "vc4-drm soc:gpu: [drm] Resetting GPU."),
            R(2, "kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)"),
        };
        var verdict = KernelHealthVerdict.From(window, KernelAllowlist.Empty, taintBefore: 0, taintAfter: 0);
        Assert.That(verdict.Healthy, Is.False);
        Assert.That(verdict.Issues.Select(i => (i.Kind, i.Record.Sequence)), Is.EqualTo(new[] { (KernelIssueKind.MemoryLeak, 2L) }));
    }
}
