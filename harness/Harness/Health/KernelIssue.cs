namespace HilHarness.Health;

/// <summary>One kernel log record that shows trouble, with the records around it for the report.</summary>
public sealed record KernelIssue(KernelIssueKind Kind, KmsgRecord Record, IReadOnlyList<KmsgRecord> Excerpt)
{
    public override string ToString() => $"{Kind}: {Record.Text}";
}
