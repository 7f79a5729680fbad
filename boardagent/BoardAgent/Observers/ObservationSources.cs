namespace HilHarness.BoardAgent.Observers;

/// <summary>The source names of the <c>observe</c> op (docs/protocol.md, "Observations").</summary>
public static class ObservationSources
{
    public const string BoStats = "bo_stats";
    public const string Gems = "gems";
    public const string FdInfo = "fdinfo";
    public const string Kmsg = "kmsg";
    public const string Taint = "taint";
    public const string RuntimePm = "runtime_pm";
    public const string Meminfo = "meminfo";

    public static IReadOnlyList<string> All { get; } = [BoStats, Gems, FdInfo, Kmsg, Taint, RuntimePm, Meminfo];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
