using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HilHarness.BoardAgent.Protocol;
using HilHarness.BoardAgent.Tests.Protocol;
using NUnit.Framework;

namespace HilHarness.BoardAgent.Tests.Fuzz;

[TestFixture]
public sealed class ProtocolFuzzTests
{
    private const int MaxLine = 64 * 1024;

    /// <summary>The lines to send and the ids that must each get exactly one final reply. A line counts as
    /// carrying an id exactly when the agent could read one: a JSON object (after the same lenient UTF-8
    /// decoding the agent does) with an integer id, within the line limit.</summary>
    internal static (byte[] Input, List<long> Ids) Generate(int seed, int count, int maxLine)
    {
        var mutator = new LineMutator(seed);
        var input = new MemoryStream();
        var ids = new List<long>();
        var utf8 = new UTF8Encoding(false, false);
        for (long id = 1; ids.Count < count || id <= count; id++)
        {
            var line = mutator.Next(id, maxLine);
            string text = utf8.GetString(line);
            long? carried = ReadableId(text, line.Length, maxLine, out bool isBye);
            if (isBye) continue; // bye ends the conversation on purpose
            input.Write(line);
            input.WriteByte((byte)'\n');
            if (carried is { } c) ids.Add(c);
            if (id > count * 2) break;
        }
        return (input.ToArray(), ids);
    }

    private static long? ReadableId(string text, int bytes, int maxLine, out bool isBye)
    {
        isBye = false;
        if (bytes > maxLine || string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            isBye = root.TryGetProperty("op", out var op) && op.ValueKind == JsonValueKind.String && op.GetString() == "bye";
            return root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [Test]
    [Description("10,000 seeded random and mutated lines: every line with an id gets exactly one final reply and the loop serves to the end of input.")]
    public void TenThousandHostileLinesEachGetOneReply()
    {
        var (input, ids) = Generate(seed: 20250101, count: 10_000, maxLine: MaxLine);
        using var reader = new StreamReader(new MemoryStream(input), new UTF8Encoding(false, false));
        var output = new StringWriter();
        var loop = new AgentLoop(new AgentSession(new FakeKernel("vc4"), null), reader, output, MaxLine);
        int exit = loop.Run();

        var finals = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject()).Where(r => r["progress"] is null).ToList();
        var byId = finals.Where(r => r["id"] is not null).GroupBy(r => r["id"]!.GetValue<long>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(exit, Is.Zero, "the loop ended at end of input, not on an error");
        Assert.That(ids, Has.Count.GreaterThanOrEqualTo(5_000), "the generator keeps enough ids to make the check meaningful");
        // A mutation can turn two lines' ids into the same value (-1, a huge number): each line still gets one reply.
        var expected = ids.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(expected.Where(e => byId.GetValueOrDefault(e.Key) != e.Value).Select(e => e.Key), Is.Empty,
            "ids whose lines did not each get exactly one reply");
        Assert.That(byId.Keys.Except(expected.Keys), Is.Empty, "replies to ids no line carried");
        Assert.That(finals.Where(r => r["ok"]!.GetValue<bool>() == false).Select(r => r["error"]!["code"]!.GetValue<string>()),
            Does.Not.Contain(ErrorCodes.Internal), "hostile input is refused with a protocol error, never an internal one");
    }
}
