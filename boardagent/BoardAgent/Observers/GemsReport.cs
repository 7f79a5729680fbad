using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>panthor debugfs <c>gems</c> (kernel-facts D.4): every live GEM object of the device and the totals line.</summary>
public sealed record GemsReport : IObservation
{
    [JsonPropertyName("objects"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<GemObject>? Objects { get; init; }

    [JsonPropertyName("total_size"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TotalSize { get; init; }

    [JsonPropertyName("total_resident"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TotalResident { get; init; }

    [JsonPropertyName("total_reclaimable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TotalReclaimable { get; init; }

    [JsonPropertyName("unavailable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Unavailable { get; init; }

    public static GemsReport NotAvailable(string reason) => new() { Unavailable = reason };
}
