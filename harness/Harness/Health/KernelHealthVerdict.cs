namespace HilHarness.Health;

/// <summary>The kernel's health over one test: issues found in its kmsg window and taint bits it added. Not
/// healthy means the KernelHealth outcome, with <see cref="Excerpt"/> attached to the result.</summary>
public sealed record KernelHealthVerdict(IReadOnlyList<KernelIssue> Issues, long TaintBefore, long TaintAfter, string? Unobservable = null)
{
    public long NewTaint => TaintFlags.NewBits(TaintBefore, TaintAfter);

    public bool Healthy => Issues.Count == 0 && NewTaint == 0;

    public static KernelHealthVerdict From(IReadOnlyList<KmsgRecord> window, KernelAllowlist allowlist, long taintBefore, long taintAfter) =>
        new(KernelLogClassifier.Find(window, allowlist), taintBefore, taintAfter);

    /// <summary>The log lines that explain the verdict, for a report attachment.</summary>
    public string Excerpt =>
        string.Join('\n', Issues.SelectMany(i => i.Excerpt).Distinct().OrderBy(r => r.Sequence).Select(r => r.ToString())) +
        (NewTaint != 0 ? $"\ntaint: {TaintBefore} -> {TaintAfter} (new: {TaintFlags.Describe(NewTaint)})" : "");

    public string Summary => Healthy
        ? (Unobservable is null ? "kernel healthy" : $"kernel health not observable: {Unobservable}")
        : string.Join("; ", Issues.Select(i => i.ToString()).Append(NewTaint != 0 ? $"new taint {TaintFlags.Describe(NewTaint)}" : null).OfType<string>());
}
