using System.Globalization;
using System.Text.Json;
using HilHarness.BoardAgent.Protocol;

namespace HilHarness.BoardAgent.Ops;

/// <summary>
/// The results of a batch's completed steps, for <c>{"$ref": "i.field"}</c>. A path is looked up in step i's
/// <c>out</c> (dots descend, numbers index arrays) and then in the result itself (<c>"0.rc"</c>). Results are
/// kept as bytes and parsed only when referenced.
/// </summary>
public sealed class BatchRefs : IStepRefs, IDisposable
{
    private readonly List<byte[]> bodies = [];
    private readonly List<JsonDocument?> parsed = [];

    public int Count => bodies.Count;

    public void Add(ReadOnlySpan<byte> body)
    {
        bodies.Add(body.ToArray());
        parsed.Add(null);
    }

    public JsonElement Resolve(string reference, string field)
    {
        int dot = reference.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !int.TryParse(reference.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int step))
            throw ProtocolException.BadArgs(field, $"$ref '{reference}' is not \"<step index>.<out field>\"");
        if (step >= bodies.Count)
            throw ProtocolException.BadArgs(field, $"$ref '{reference}': step {step} has not run (only steps 0..{bodies.Count - 1} have)");
        var result = (parsed[step] ??= JsonDocument.Parse(bodies[step])).RootElement;
        if (result.TryGetProperty("error", out var error))
            throw ProtocolException.BadArgs(field, $"$ref '{reference}': step {step} failed ({error.GetProperty("code").GetString()})");
        var path = reference[(dot + 1)..].Split('.');
        if (result.TryGetProperty("out", out var output) && TryWalk(output, path, out var found)) return found;
        if (TryWalk(result, path, out found)) return found;
        throw ProtocolException.BadArgs(field, $"$ref '{reference}': step {step}'s result has no '{reference[(dot + 1)..]}'");
    }

    private static bool TryWalk(JsonElement from, string[] path, out JsonElement found)
    {
        found = from;
        foreach (var segment in path)
        {
            if (found.ValueKind == JsonValueKind.Object && found.TryGetProperty(segment, out var next)) found = next;
            else if (found.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int i)
                     && i < found.GetArrayLength()) found = found[i];
            else return false;
        }
        return true;
    }

    public void Dispose()
    {
        foreach (var document in parsed) document?.Dispose();
    }
}
