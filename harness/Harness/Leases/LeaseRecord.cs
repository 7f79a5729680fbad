using System.Text.Json.Serialization;

namespace HilHarness.Leases;

/// <summary>What lease.json on a board says: who holds it and until when (seconds since the epoch on the board's
/// own clock, so host clocks never have to agree).</summary>
public sealed record LeaseRecord(
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("acquired")] long Acquired,
    [property: JsonPropertyName("expires")] long Expires)
{
    public override string ToString() => $"{Owner} (host {Host}, pid {Pid})";
}

[JsonSerializable(typeof(LeaseRecord))]
[JsonSerializable(typeof(string))]
internal sealed partial class LeaseJsonContext : JsonSerializerContext;
