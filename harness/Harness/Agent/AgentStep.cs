using System.Text.Json.Nodes;

namespace HilHarness.Agent;

/// <summary>One request to the agent, as a batch step: an op (docs/protocol.md) and its args. Args may hold
/// <c>{"$ref": "i.field"}</c> references to earlier steps' outputs.</summary>
public sealed record AgentStep(string Op, JsonObject Args)
{
    public AgentStep(string op) : this(op, []) { }

    /// <summary>A reference to field <paramref name="field"/> of step <paramref name="stepIndex"/>'s output.</summary>
    public static JsonObject Ref(int stepIndex, string field) => new() { ["$ref"] = $"{stepIndex}.{field}" };

    public JsonObject ToJson() => new() { ["op"] = Op, ["args"] = Args.DeepClone() };

    public override string ToString() => $"{Op} {Args.ToJsonString()}";
}
