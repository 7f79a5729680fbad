using System.Text.Json.Nodes;

namespace HilHarness.Health;

/// <summary>One /dev/kmsg record: priority, sequence number, timestamp and text.</summary>
public sealed record KmsgRecord(int Priority, long Sequence, long Microseconds, string Text)
{
    /// <summary>Reads one record of an <c>observe kmsg</c> answer (docs/protocol.md, Observations).</summary>
    public static KmsgRecord FromJson(JsonObject o) => new(
        o["prio"]?.GetValue<int>() ?? 6,
        o["seq"]?.GetValue<long>() ?? 0,
        o["usec"]?.GetValue<long>() ?? 0,
        o["text"]?.GetValue<string>() ?? "");

    /// <summary>All records of an <c>observe kmsg</c> out object.</summary>
    public static IReadOnlyList<KmsgRecord> ListFromObserve(JsonObject? kmsg) =>
        (kmsg?["records"] as JsonArray ?? []).OfType<JsonObject>().Select(FromJson).ToList();

    /// <summary>dmesg's form: <c>[   12.345678] text</c>.</summary>
    public override string ToString() => $"[{Microseconds / 1_000_000,5}.{Microseconds % 1_000_000:D6}] {Text}";
}
