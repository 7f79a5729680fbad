using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>One line of vc4's <c>bo_stats</c>: the size in KiB and the number of BOs with that label.</summary>
public sealed record BoStatsEntry
{
    [JsonPropertyName("kb")] public required long Kb { get; init; }

    [JsonPropertyName("count")] public required long Count { get; init; }
}
