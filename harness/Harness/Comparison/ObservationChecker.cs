using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using HilHarness.Model;

namespace HilHarness.Comparison;

/// <summary>Checks one observation the agent returned against the model's expectation of it (kernel-facts A.8, D.4).</summary>
internal static class ObservationChecker
{
    /// <summary>Differences found; <paramref name="observed"/> is the step's value of the expectation's source (null
    /// when not observed); <paramref name="hidden"/> gets a reason when the board could not show the source.</summary>
    public static IEnumerable<string> Check(ObservationExpectation expected, JsonNode? observed, List<string> hidden)
    {
        if (expected is NotObservable n)
        {
            if (observed is not null) hidden.Add($"{n.Source}: {n.Reason}");
            return [];
        }
        if (observed is not JsonObject o) return [];   // not asked for in this batch
        if (o["unavailable"] is JsonNode why)
        {
            hidden.Add($"{expected.Source}: the board says {why}");
            return [];
        }
        return expected switch
        {
            BoStatsExpectation b => BoStats(b, o),
            FdinfoExpectation f => Fdinfo(f, o),
            GemsExpectation g => Gems(g, o),
            RuntimePmExpectation r => RuntimePm(r, o),
            _ => [],
        };
    }

    private static IEnumerable<string> BoStats(BoStatsExpectation expected, JsonObject o)
    {
        var labels = o["labels"] as JsonObject ?? [];
        foreach (var (label, want) in expected.Labels)
        {
            int count = labels[label]?["count"]?.GetValue<int>() ?? 0;
            long kb = labels[label]?["kb"]?.GetValue<long>() ?? 0;
            if (count < want.CountMin || count > want.CountMax || (want.KbMin is { } lo && kb < lo) || (want.KbMax is { } hi && kb > hi))
                yield return $"bo_stats {label}: expected {want.Describe()}, got {kb}kb ({count})";
        }
        foreach (var (label, node) in labels)
            if (!expected.Labels.ContainsKey(label) && (node?["count"]?.GetValue<int>() ?? 0) > 0)
                yield return $"bo_stats {label}: expected absent, got {node?["kb"]}kb ({node?["count"]})";
    }

    private static IEnumerable<string> Fdinfo(FdinfoExpectation expected, JsonObject o)
    {
        ulong? bytes = o["sizes"]?[expected.Key] is JsonValue v && v.TryGetValue<ulong>(out var n) ? n : null;
        if (bytes is null) yield return $"fdinfo {expected.Key}: missing";
        else if (bytes < expected.MinBytes || bytes > expected.MaxBytes)
            yield return expected.MinBytes == expected.MaxBytes
                ? $"fdinfo {expected.Key}: expected {expected.MinBytes} B, got {bytes} B"
                : $"fdinfo {expected.Key}: expected ≥ {expected.MinBytes} B, got {bytes} B";
    }

    private static IEnumerable<string> RuntimePm(RuntimePmExpectation expected, JsonObject o)
    {
        string? status = o["status"]?.GetValue<string>();
        if (status != expected.Status) yield return $"runtime_pm: expected {expected.Status}, got {status ?? "no status"}";
    }

    /// <summary>Label counts per gems value: with <c>observe_changes_only</c> many steps share one value.</summary>
    private static readonly ConditionalWeakTable<JsonObject, StrongBox<(int Chunks, int Pools)>> GemsCounts = new();

    private static IEnumerable<string> Gems(GemsExpectation expected, JsonObject o)
    {
        var (chunks, pools) = GemsCounts.GetValue(o, CountGems).Value;
        if (chunks != expected.TilerHeapChunks) yield return $"gems Tiler heap chunk: expected {expected.TilerHeapChunks} lines, got {chunks}";
        if (pools != expected.HeapPools) yield return $"gems Heap pool: expected {expected.HeapPools} lines, got {pools}";
    }

    private static StrongBox<(int, int)> CountGems(JsonObject o)
    {
        int chunks = 0, pools = 0;
        foreach (var x in o["objects"] as JsonArray ?? [])
        {
            string? label = (x as JsonObject)?["label"]?.GetValue<string>();
            if (label == "Tiler heap chunk") chunks++;
            else if (label == "Heap pool") pools++;
        }
        return new((chunks, pools));
    }
}
