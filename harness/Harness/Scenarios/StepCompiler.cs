using System.Text.Json.Nodes;
using HilHarness.Agent;
using HilHarness.Model;

namespace HilHarness.Scenarios;

/// <summary>
/// Turns model ops into agent steps (docs/protocol.md): symbols become <c>{"$ref": "i.field"}</c> to the step that
/// produced them, using each producing op's main out field.
/// </summary>
public sealed class StepCompiler
{
    private readonly Dictionary<string, (int Step, string Field)> _symbols = new(StringComparer.Ordinal);

    /// <summary>The out field that names what an op produces.</summary>
    public static string ProducedField(string op) => op switch
    {
        "open" => "fd",
        "mmap" => "map",
        "vc4.mmap_bo" => "offset",
        "vc4.submit_cl" => "seqno",
        "vc4.perfmon_create" or "panthor.vm_create" => "id",
        "panthor.group_create" => "group_handle",
        _ => "handle",
    };

    public AgentStep Compile(int index, ModelOp op)
    {
        var args = new JsonObject();
        foreach (var (name, value) in op.Args) args[name] = ToJson(op, name, value);
        if (op.Produces is not null) _symbols[op.Produces] = (index, ProducedField(op.Op));
        return new AgentStep(op.Op, args);
    }

    private JsonNode? ToJson(ModelOp op, string name, OpArg arg)
    {
        if (arg.Number is { } n) return n;
        if (arg.Symbol is { } sym)
        {
            if (!_symbols.TryGetValue(sym, out var at))
                throw new ArgumentException($"op {op}: argument '{name}' names '{sym}', which no earlier step produced");
            return AgentStep.Ref(at.Step, arg.Field ?? at.Field);
        }
        if (arg.Text is { } t) return t;
        if (arg.Base64 is { } b) return b;
        if (arg.Items is { } items) return new JsonArray([.. items.Select(i => ToJson(op, name, i))]);
        if (arg.Fields is { } fields)
        {
            var o = new JsonObject();
            foreach (var (k, v) in fields) o[k] = ToJson(op, name + "." + k, v);
            return o;
        }
        return null;
    }
}
