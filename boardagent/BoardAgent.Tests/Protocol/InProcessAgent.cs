using System.Text.Json.Nodes;
using HilHarness.BoardAgent.Protocol;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Tests.Protocol;

/// <summary>Runs the real protocol loop in-process over strings: lines in, parsed reply lines out.</summary>
public static class InProcessAgent
{
    public static List<JsonObject> Run(IKernel kernel, params string[] lines) => Run(kernel, string.Join("\n", lines) + "\n");

    public static List<JsonObject> Run(IKernel kernel, string input, int maxLine = AgentLoop.DefaultMaxLineBytes)
    {
        var output = new StringWriter();
        var loop = new AgentLoop(new AgentSession(kernel, null), new StringReader(input), output, maxLine);
        loop.Run();
        return [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    /// <summary>The single reply of one request.</summary>
    public static JsonObject One(IKernel kernel, string line) => Run(kernel, line).Single();

    public static string? Code(JsonObject reply) => reply["error"]?["code"]?.GetValue<string>();
}
