using System.Text.Json;
using HilHarness.BoardAgent.Layout;
using HilHarness.BoardAgent.Observers;
using HilHarness.BoardAgent.Protocol;
using HilHarness.BoardAgent.Session;

namespace HilHarness.BoardAgent.Ops;

/// <summary>The <c>observe</c> op (docs/protocol.md, "Observations") over the session's
/// <see cref="ObservationReader"/>; batch steps use <see cref="Write"/> for <c>observe_after_each</c>.</summary>
public static class ObserveOps
{
    public static void Register(OpTable table) => table.Add("observe", Observe);

    private static void Observe(OpContext context)
    {
        context.AllowOnly(["what", "fd", "kmsg_from"]);
        var sources = Sources(context.RequireArg("what"), "what");
        int? fd = context.TryArg("fd", out _) ? context.Fd() : null;
        ulong? kmsgFrom = context.TryArg("kmsg_from", out var from)
            ? JsonArgs.Scalar(from, ScalarKind.U64, "kmsg_from", context.Refs) : null;
        context.Writer.WritePropertyName("out"u8);
        Write(context.Writer, context.Session.Observer.Read(sources, fd, kmsgFrom));
    }

    /// <summary>The source names of a <c>what</c> / <c>observe_after_each</c> array; unknown names are bad-args.</summary>
    public static string[] Sources(JsonElement value, string field)
    {
        JsonArgs.RequireArray(value, field);
        var sources = new string[value.GetArrayLength()];
        int i = 0;
        foreach (var element in value.EnumerateArray())
        {
            string name = JsonArgs.String(element, $"{field}[{i}]");
            if (!ObservationSources.IsKnown(name))
                throw ProtocolException.BadArgs($"{field}[{i}]",
                    $"unknown source '{name}' (known: {string.Join(", ", ObservationSources.All)})");
            sources[i++] = name;
        }
        return sources;
    }

    /// <summary>Writes observations as a JSON value.</summary>
    public static void Write(Utf8JsonWriter writer, Observations observations) =>
        JsonSerializer.Serialize(writer, observations, AgentJsonContext.Default.Observations);
}
