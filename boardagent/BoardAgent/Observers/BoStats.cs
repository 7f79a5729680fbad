using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>vc4 debugfs <c>bo_stats</c> (kernel-facts A.8): every label with a non-zero count, including the
/// "userspace BO cache" and "total purged BO" lines. A label that is absent has no BOs.</summary>
public sealed record BoStats : IObservation
{
    /// <summary>Label ("binner", "V3D", "kernel BO cache", a user label) → size and count.</summary>
    [JsonPropertyName("labels"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, BoStatsEntry>? Labels { get; init; }

    [JsonPropertyName("unavailable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Unavailable { get; init; }

    public static BoStats NotAvailable(string reason) => new() { Unavailable = reason };
}
