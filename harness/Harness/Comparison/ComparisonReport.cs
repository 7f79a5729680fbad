using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HilHarness.Comparison;

/// <summary>The per-step comparison of a batch: a fixed-width table for people (the NUnit message) and JSON for
/// reports.</summary>
public sealed record ComparisonReport(string Board, ImmutableArray<StepComparison> Steps, string? BatchFailure)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public bool AllMatch => BatchFailure is null && Steps.All(s => s.Status == StepStatus.Match);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ComparisonReport FromJson(string json) =>
        JsonSerializer.Deserialize<ComparisonReport>(json, Json) ?? throw new JsonException("comparison report: empty JSON");

    /// <summary>step | op | expected | observed | what differs; only differing steps list their differences, and every
    /// step that hid something says "not observable: …".</summary>
    public string ToTable()
    {
        const int op = 28, col = 30;
        var sb = new StringBuilder();
        sb.AppendLine(FormattableString.Invariant($"board {Board}: {Steps.Count(s => s.Status == StepStatus.Match)}/{Steps.Length} steps match"));
        sb.AppendLine($"{"step",4} {"op".PadRight(op)} {"expected".PadRight(col)} {"observed".PadRight(col)} what differs");
        foreach (var s in Steps)
        {
            string mark = s.Status == StepStatus.Match ? " " : "!";
            string differs = s.Differences.IsEmpty ? (s.Status == StepStatus.Match ? "" : s.Status.ToString()) : string.Join("; ", s.Differences);
            sb.AppendLine(FormattableString.Invariant($"{s.Index,3}{mark} {Fit(s.Op, op)} {Fit(s.Expected, col)} {Fit(s.Observed, col)} {differs}"));
            foreach (var hidden in s.NotObservable) sb.AppendLine($"{"",5}{"",-28} not observable: {hidden}");
        }
        if (BatchFailure is not null) sb.AppendLine($"batch ended early: {BatchFailure}");
        return sb.ToString();
    }

    private static string Fit(string text, int width) => text.Length <= width ? text.PadRight(width) : text[..(width - 1)] + "…";
}
