using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>The V3D device's <c>power/runtime_status</c> ("active", "suspended", "suspending", "resuming",
/// "error", "unsupported"); before fix E5 vc4 stays "active".</summary>
public sealed record RuntimePmStatus : IObservation
{
    [JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    /// <summary>The platform device the status was read from, e.g. "3fc00000.v3d".</summary>
    [JsonPropertyName("device"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Device { get; init; }

    [JsonPropertyName("unavailable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Unavailable { get; init; }

    public static RuntimePmStatus NotAvailable(string reason) => new() { Unavailable = reason };
}
