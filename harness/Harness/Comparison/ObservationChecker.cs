using System.Text.Json;
using HilHarness.Model;

namespace HilHarness.Comparison;

/// <summary>Checks one observation the agent returned against the model's expectation of it (kernel-facts A.8, D.4).</summary>
internal static class ObservationChecker
{
    /// <summary>Adds to <paramref name="differences"/> what differs between the expectation and the current step's
    /// value of its source in <paramref name="history"/>; <paramref name="hidden"/> gets a reason when the board could
    /// not show the source. A source not asked for in this batch is not checked.</summary>
    public static void Check(ObservationExpectation expected, ObservationHistory history, List<string> differences, List<string> hidden)
    {
        var observed = history.Source(expected.Source);
        if (expected is NotObservable n)
        {
            if (observed is not null) hidden.Add($"{n.Source}: {n.Reason}");
            return;
        }
        if (observed is not { ValueKind: JsonValueKind.Object } o) return;
        if (o.TryGetProperty("unavailable"u8, out var why))
        {
            hidden.Add($"{expected.Source}: the board says {(why.ValueKind == JsonValueKind.String ? why.GetString() : why.GetRawText())}");
            return;
        }
        switch (expected)
        {
            case BoStatsExpectation b: BoStats(b, o, differences); break;
            case FdinfoExpectation f: Fdinfo(f, o, differences); break;
            case GemsExpectation g: Gems(g, history.Derive(g.Source, CountGems), differences); break;
            case RuntimePmExpectation r: RuntimePm(r, o, differences); break;
        }
    }

    private static void BoStats(BoStatsExpectation expected, JsonElement o, List<string> differences)
    {
        bool hasLabels = o.TryGetProperty("labels"u8, out var labels) && labels.ValueKind == JsonValueKind.Object;
        foreach (var (label, want) in expected.Labels)
        {
            var line = hasLabels && labels.TryGetProperty(label, out var l) ? l : default;
            long count = Int(line, "count"u8);
            long kb = Int(line, "kb"u8);
            if (count < want.CountMin || count > want.CountMax || (want.KbMin is { } lo && kb < lo) || (want.KbMax is { } hi && kb > hi))
                differences.Add($"bo_stats {label}: expected {want.Describe()}, got {kb}kb ({count})");
        }
        if (!hasLabels) return;
        foreach (var property in labels.EnumerateObject())
            if (Int(property.Value, "count"u8) > 0 && !expected.Labels.ContainsKey(property.Name))
                differences.Add($"bo_stats {property.Name}: expected absent, got {Raw(property.Value, "kb"u8)}kb ({Raw(property.Value, "count"u8)})");
    }

    private static void Fdinfo(FdinfoExpectation expected, JsonElement o, List<string> differences)
    {
        ulong? bytes = o.TryGetProperty("sizes"u8, out var sizes) && sizes.ValueKind == JsonValueKind.Object
            && sizes.TryGetProperty(expected.Key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out var n) ? n : null;
        if (bytes is null) differences.Add($"fdinfo {expected.Key}: missing");
        else if (bytes < expected.MinBytes || bytes > expected.MaxBytes)
            differences.Add(expected.MinBytes == expected.MaxBytes
                ? $"fdinfo {expected.Key}: expected {expected.MinBytes} B, got {bytes} B"
                : $"fdinfo {expected.Key}: expected ≥ {expected.MinBytes} B, got {bytes} B");
    }

    private static void RuntimePm(RuntimePmExpectation expected, JsonElement o, List<string> differences)
    {
        string? status = o.TryGetProperty("status"u8, out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (status != expected.Status) differences.Add($"runtime_pm: expected {expected.Status}, got {status ?? "no status"}");
    }

    private static void Gems(GemsExpectation expected, (int Chunks, int Pools) counted, List<string> differences)
    {
        if (counted.Chunks != expected.TilerHeapChunks) differences.Add($"gems Tiler heap chunk: expected {expected.TilerHeapChunks} lines, got {counted.Chunks}");
        if (counted.Pools != expected.HeapPools) differences.Add($"gems Heap pool: expected {expected.HeapPools} lines, got {counted.Pools}");
    }

    /// <summary>Label counts of a gems value; <see cref="ObservationHistory.Derive{T}"/> keeps them while the value
    /// is repeated (observe_changes_only).</summary>
    private static (int Chunks, int Pools) CountGems(JsonElement o)
    {
        int chunks = 0, pools = 0;
        if (!o.TryGetProperty("objects"u8, out var objects) || objects.ValueKind != JsonValueKind.Array) return (0, 0);
        foreach (var x in objects.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.Object || !x.TryGetProperty("label"u8, out var label) || label.ValueKind != JsonValueKind.String) continue;
            if (label.ValueEquals("Tiler heap chunk"u8)) chunks++;
            else if (label.ValueEquals("Heap pool"u8)) pools++;
        }
        return (chunks, pools);
    }

    /// <summary>An integer field of an object, 0 when absent (an absent bo_stats line counts nothing).</summary>
    private static long Int(JsonElement o, ReadOnlySpan<byte> field) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    private static string Raw(JsonElement o, ReadOnlySpan<byte> field) => o.TryGetProperty(field, out var v) ? v.GetRawText() : "";
}
