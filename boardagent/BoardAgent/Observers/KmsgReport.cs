using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>The /dev/kmsg records from a sequence number on, and the sequence number to continue from.</summary>
public sealed record KmsgReport : IObservation
{
    /// <summary>One past the last record returned (or the requested start when none was): the next observe's start.</summary>
    [JsonPropertyName("next_seq"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? NextSeq { get; init; }

    [JsonPropertyName("records"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<KmsgRecord>? Records { get; init; }

    [JsonPropertyName("unavailable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Unavailable { get; init; }

    public static KmsgReport NotAvailable(string reason) => new() { Unavailable = reason };
}
