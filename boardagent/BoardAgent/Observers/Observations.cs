using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>The answer to one <c>observe</c>: a property per requested source, null (and left out of the JSON)
/// for sources that were not requested.</summary>
public sealed record Observations
{
    [JsonPropertyName(ObservationSources.BoStats), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BoStats? BoStats { get; init; }

    [JsonPropertyName(ObservationSources.Gems), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GemsReport? Gems { get; init; }

    [JsonPropertyName(ObservationSources.FdInfo), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FdInfo? FdInfo { get; init; }

    [JsonPropertyName(ObservationSources.Kmsg), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public KmsgReport? Kmsg { get; init; }

    [JsonPropertyName(ObservationSources.Taint), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TaintReport? Taint { get; init; }

    [JsonPropertyName(ObservationSources.RuntimePm), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RuntimePmStatus? RuntimePm { get; init; }

    [JsonPropertyName(ObservationSources.Meminfo), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CmaInfo? Meminfo { get; init; }
}
