using System.Text.Json.Nodes;

namespace HilHarness.Comparison;

/// <summary>
/// Reads a batch's per-step observations in step order and expands the agent's <c>{"unchanged": true}</c> marker
/// (batch option <c>observe_changes_only</c>, docs/protocol.md "Batches") to the value the same source had after the
/// previous step, so every step is checked against a full value whether or not it was re-sent.
/// </summary>
public sealed class ObservationHistory
{
    private readonly Dictionary<string, JsonNode> _last = new(StringComparer.Ordinal);

    /// <summary>Takes the next step's <c>observe</c> object (null when the step has none); call once per step, in order,
    /// before <see cref="Source"/> for that step.</summary>
    public void Next(JsonObject? observe)
    {
        if (observe is null) return;
        foreach (var (source, value) in observe)
            if (value is not null && !IsUnchanged(value)) _last[source] = value;
    }

    /// <summary>The value of <paramref name="source"/> after the step whose <c>observe</c> is
    /// <paramref name="observe"/>: its own value, the previous step's when marked unchanged, null when not observed.</summary>
    public JsonNode? Source(JsonObject? observe, string source)
    {
        var value = observe?[source];
        if (value is null || !IsUnchanged(value)) return value;
        return _last.TryGetValue(source, out var previous) ? previous
            : throw new InvalidDataException($"observe.{source} is marked unchanged, but no earlier step of the batch reported it");
    }

    /// <summary>Exactly <c>{"unchanged": true}</c>: no source's own value has that shape.</summary>
    public static bool IsUnchanged(JsonNode value) =>
        value is JsonObject { Count: 1 } o && o["unchanged"] is JsonValue v && v.TryGetValue<bool>(out bool b) && b;
}
