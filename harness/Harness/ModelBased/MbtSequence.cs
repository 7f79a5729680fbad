using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace HilHarness.ModelBased;

/// <summary>
/// A generated (or shrunk) op sequence for one driver, with the seed it came from. Saved as JSON it replays on any
/// board of that driver: symbols, not handles, connect the steps.
/// </summary>
public sealed record MbtSequence(string Driver, int Seed, ImmutableList<MbtStep> Steps)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a saved sequence; <paramref name="source"/> names the file in errors.</summary>
    public static MbtSequence FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<MbtSequence>(json, Json) ?? throw new JsonException("the file holds null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a saved model-based sequence (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    public void Save(string path) => File.WriteAllText(path, ToJson());

    public static MbtSequence Load(string path) => FromJson(File.ReadAllText(path), path);

    /// <summary>The op list, one numbered line per step, as printed on failure.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.AppendLine(FormattableString.Invariant($"{Driver} sequence, seed {Seed}, {Steps.Count} steps:"));
        for (int i = 0; i < Steps.Count; i++) sb.AppendLine(FormattableString.Invariant($"{i,4}  {Steps[i]}"));
        return sb.ToString();
    }
}
