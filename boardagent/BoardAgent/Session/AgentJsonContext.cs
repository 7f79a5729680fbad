using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Session;

/// <summary>Source-generated serialisation for the agent's record-shaped replies (the project disables
/// reflection-based System.Text.Json, so every serialised type is listed here).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HelloInfo))]
[JsonSerializable(typeof(Observers.Observations))]
public sealed partial class AgentJsonContext : JsonSerializerContext;
