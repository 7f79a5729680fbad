using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Observers;

/// <summary><c>/proc/sys/kernel/tainted</c>: the bit mask and its flag letters as the kernel names them.</summary>
public sealed record TaintReport : IObservation
{
    [JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Value { get; init; }

    /// <summary>The letters of the set bits in bit order ("W" for 512, "DW" for 640), "" when untainted.</summary>
    [JsonPropertyName("flags"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Flags { get; init; }

    /// <summary>The TAINT_* names of the set bits, e.g. ["TAINT_WARN"]; "TAINT_BIT_&lt;n&gt;" for bits this table lacks.</summary>
    [JsonPropertyName("names"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Names { get; init; }

    [JsonPropertyName("unavailable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Unavailable { get; init; }

    public static TaintReport NotAvailable(string reason) => new() { Unavailable = reason };
}
