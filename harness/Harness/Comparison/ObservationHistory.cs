using System.Text.Json;
using HilHarness.Agent;

namespace HilHarness.Comparison;

/// <summary>
/// Reads a batch's per-step observations in step order and expands the agent's <c>{"unchanged": true}</c> marker
/// (batch option <c>observe_changes_only</c>, docs/protocol.md "Batches") to the value the same source had after the
/// previous step, so every step is checked against a full value whether or not it was re-sent.
/// </summary>
/// <remarks>Values are read as <see cref="JsonElement"/>s straight from the agent's lines (no node tree per step), and
/// what a checker derives from a value (label counts, kernel log findings) is remembered while the value stays the
/// same: a value repeated for many steps is derived once.</remarks>
public sealed class ObservationHistory
{
    private readonly Dictionary<string, Entry> _last = new(StringComparer.Ordinal);
    private JsonElement _step;

    /// <summary>A source's latest full value and what was derived from it.</summary>
    private sealed class Entry(JsonElement value)
    {
        public JsonElement Value { get; } = value;
        public object? Derived { get; set; }
    }

    /// <summary>Takes the next step's result (null when the step has none); call once per step, in order, before
    /// <see cref="Source"/> for that step.</summary>
    public void Next(AgentStepResult? result)
    {
        _step = result is null ? default : ObserveOf(result);
        if (_step.ValueKind != JsonValueKind.Object) return;
        foreach (var property in _step.EnumerateObject())
            if (property.Value.ValueKind != JsonValueKind.Null && !IsUnchanged(property.Value))
                _last[property.Name] = new Entry(property.Value);
    }

    /// <summary>The value of <paramref name="source"/> after the current step: its own value, the previous step's
    /// when marked unchanged, null when not observed.</summary>
    public JsonElement? Source(string source)
    {
        if (_step.ValueKind != JsonValueKind.Object || !_step.TryGetProperty(source, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (!IsUnchanged(value)) return value;
        return _last.TryGetValue(source, out var previous) ? previous.Value
            : throw new InvalidDataException($"observe.{source} is marked unchanged, but no earlier step of the batch reported it");
    }

    /// <summary><paramref name="derive"/> of the current step's value of <paramref name="source"/> (which must be
    /// observed), computed once per distinct value; one derivation per source and history.</summary>
    public T Derive<T>(string source, Func<JsonElement, T> derive) where T : notnull
    {
        var value = Source(source) ?? throw new InvalidOperationException($"observe.{source} was not observed after this step");
        var entry = _last[source];
        if (entry.Derived is T known) return known;
        var derived = derive(value);
        entry.Derived = derived;
        return derived;
    }

    /// <summary>Exactly <c>{"unchanged": true}</c>: no source's own value has that shape.</summary>
    public static bool IsUnchanged(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) return false;
        int count = 0;
        bool unchanged = false;
        foreach (var property in value.EnumerateObject())
        {
            if (++count > 1) return false;
            unchanged = property.NameEquals("unchanged"u8) && property.Value.ValueKind == JsonValueKind.True;
        }
        return unchanged;
    }

    /// <summary>The wire's observe object, or one built in memory (a fake board) turned into an element.</summary>
    private static JsonElement ObserveOf(AgentStepResult result) =>
        result.ObserveJson ?? (result.Observe is { } built ? JsonDocument.Parse(built.ToJsonString()).RootElement : default);
}
