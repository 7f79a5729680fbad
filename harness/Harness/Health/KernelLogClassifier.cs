using System.Text.RegularExpressions;

namespace HilHarness.Health;

/// <summary>
/// Finds kernel trouble in kmsg records. The patterns follow the wording the kernel prints (lib/bug.c,
/// kernel/panic.c, mm/kasan/report.c, kernel/locking/lockdep.c, kernel/rcu/tree_stall.h, kernel/hung_task.c,
/// lib/refcount.c, mm/kmemleak.c, arch fault handlers), the same markers LAVA and KernelCI scan consoles for. Pure: no I/O.
/// </summary>
public static partial class KernelLogClassifier
{
    private const int ExcerptAfter = 12;

    /// <summary>The first matching kind for one record's text, or null. Order matters: a KASAN report starts with
    /// "BUG: KASAN", which must read as KASAN, not as a plain BUG.</summary>
    public static KernelIssueKind? Classify(string text) => text switch
    {
        _ when Kasan().IsMatch(text) => KernelIssueKind.Kasan,
        _ when Refcount().IsMatch(text) => KernelIssueKind.Refcount,
        _ when Lockdep().IsMatch(text) => KernelIssueKind.Lockdep,
        _ when RcuStall().IsMatch(text) => KernelIssueKind.RcuStall,
        _ when HungTask().IsMatch(text) => KernelIssueKind.HungTask,
        _ when Oops().IsMatch(text) => KernelIssueKind.Oops,
        _ when Bug().IsMatch(text) => KernelIssueKind.Bug,
        _ when Warning().IsMatch(text) => KernelIssueKind.Warning,
        _ when Kmemleak().IsMatch(text) => KernelIssueKind.MemoryLeak,
        _ => null,
    };

    /// <summary>Every issue in <paramref name="records"/> not matched by <paramref name="allowlist"/>, each with
    /// its record and the ones that follow (the backtrace) as the excerpt.</summary>
    public static IReadOnlyList<KernelIssue> Find(IReadOnlyList<KmsgRecord> records, KernelAllowlist allowlist)
    {
        var issues = new List<KernelIssue>();
        for (int i = 0; i < records.Count; i++)
        {
            if (Classify(records[i].Text) is not { } kind || allowlist.Allows(records[i].Text))
                continue;
            var excerpt = records.Skip(Math.Max(0, i - 2)).Take(ExcerptAfter + Math.Min(2, i) + 1).ToList();
            issues.Add(new KernelIssue(kind, records[i], excerpt));
        }
        return issues;
    }

    /// <summary>True when the records show the kernel killed the calling process (oops, BUG, panic): the sign
    /// that an agent death was the kernel's doing, not the infrastructure's.</summary>
    public static bool ShowsCrash(IReadOnlyList<KmsgRecord> records) =>
        records.Any(r => Classify(r.Text) is KernelIssueKind.Oops or KernelIssueKind.Bug or KernelIssueKind.Kasan);

    [GeneratedRegex(@"BUG: KASAN:|BUG: KFENCE:|BUG: KCSAN:|UBSAN:|==================.*KASAN")]
    private static partial Regex Kasan();

    [GeneratedRegex(@"refcount_t: (underflow|overflow|addition on 0|saturated|decrement hit 0)")]
    private static partial Regex Refcount();

    [GeneratedRegex(@"WARNING: (possible circular locking dependency|possible recursive locking|inconsistent lock state|bad unlock balance|suspicious RCU usage|held lock freed|lock held when returning to user space|possible irq lock inversion)|INFO: possible (circular|recursive) locking|BUG: held lock freed")]
    private static partial Regex Lockdep();

    [GeneratedRegex(@"rcu: INFO: rcu_\w+ (self-)?detected (stall|stalls)|INFO: rcu_\w+ (self-)?detected stall|rcu_\w+ kthread starved")]
    private static partial Regex RcuStall();

    [GeneratedRegex(@"INFO: task .+ blocked for more than \d+ seconds")]
    private static partial Regex HungTask();

    [GeneratedRegex(@"^(Internal error: )?Oops|Oops(: | - )|Unable to handle kernel|Kernel panic - not syncing|general protection fault|Unhandled fault|invalid opcode:")]
    private static partial Regex Oops();

    [GeneratedRegex(@"kernel BUG at|BUG: (unable to handle|sleeping function|scheduling while atomic|spinlock|Bad page|soft lockup|workqueue lockup|using smp_processor_id|Bad rss|kernel NULL pointer)")]
    private static partial Regex Bug();

    // kmemleak_scan() prints its summary with pr_info and pr_fmt "kmemleak: "; zero leaks print nothing.
    [GeneratedRegex(@"kmemleak: [1-9]\d* new suspected memory leaks?")]
    private static partial Regex Kmemleak();

    [GeneratedRegex(@"WARNING: (CPU: \d+ PID: \d+ at|at )|------------\[ cut here \]------------")]
    private static partial Regex Warning();
}
