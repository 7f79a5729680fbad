using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>The CMA lines of <c>/proc/meminfo</c> in bytes; CmaFree drops by 16 MiB when vc4 allocates a fresh bin BO.</summary>
public sealed record CmaInfo : IObservation
{
    [JsonPropertyName("CmaTotal"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? CmaTotal { get; init; }

    [JsonPropertyName("CmaFree"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? CmaFree { get; init; }

    [JsonPropertyName("unavailable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Unavailable { get; init; }

    public static CmaInfo NotAvailable(string reason) => new() { Unavailable = reason };
}
