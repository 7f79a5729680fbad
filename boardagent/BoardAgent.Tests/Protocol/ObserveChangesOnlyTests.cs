using System.Text.Json.Nodes;
using HilHarness.BoardAgent.Observers;
using HilHarness.BoardAgent.Ops;
using HilHarness.SimKernel;
using NUnit.Framework;
using static HilHarness.BoardAgent.Tests.Protocol.InProcessAgent;

namespace HilHarness.BoardAgent.Tests.Protocol;

/// <summary>Batch <c>observe_changes_only</c> (docs/protocol.md, "Batches") on a simulated vc4.</summary>
[TestFixture]
public sealed class ObserveChangesOnlyTests
{
    /// <summary>open, a 4 KiB BO, a refused size-0 BO (bo_stats cannot change), another 4 KiB BO.</summary>
    private static string Batch(bool changesOnly) =>
        "{\"id\":5,\"op\":\"batch\",\"args\":{\"observe_after_each\":[\"bo_stats\",\"kmsg\"]," +
        (changesOnly ? "\"observe_changes_only\":true," : "") + "\"steps\":[" +
        "{\"op\":\"open\",\"args\":{\"driver\":\"vc4\"}}," +
        "{\"op\":\"vc4.create_bo\",\"args\":{\"fd\":{\"$ref\":\"0.fd\"},\"size\":4096}}," +
        "{\"op\":\"vc4.create_bo\",\"args\":{\"fd\":{\"$ref\":\"0.fd\"},\"size\":0}}," +
        "{\"op\":\"vc4.create_bo\",\"args\":{\"fd\":{\"$ref\":\"0.fd\"},\"size\":4096}}]}}";

    private static JsonNode BoStats(List<JsonObject> replies, int step) => replies[step]["progress"]!["result"]!["observe"]!["bo_stats"]!;

    [Test]
    [Description("With observe_changes_only a step whose bo_stats equals the previous step's is marked unchanged, and a step that changed it carries the full value.")]
    public void UnchangedSourceIsMarkedAndChangedOneIsFull()
    {
        using var kernel = SimulatedKernel.Create("rpi3-6.12");
        var replies = Run(kernel, Batch(changesOnly: true));
        Assert.That(replies, Has.Count.EqualTo(5));
        Assert.That(BoStats(replies, 0)["labels"], Is.Not.Null, "a batch's first step carries every value in full");
        Assert.That(BoStats(replies, 1)["labels"], Is.Not.Null, "the BO changed bo_stats");
        Assert.That(BoStats(replies, 2).ToJsonString(), Is.EqualTo("{\"unchanged\":true}"), "the refused BO changed nothing");
        Assert.That(BoStats(replies, 3)["labels"]!.ToJsonString(), Is.Not.EqualTo(BoStats(replies, 1)["labels"]!.ToJsonString()), "the second BO changed the counts");
    }

    [Test]
    [Description("Every observation source a batch can request reaches the wire through observe_changes_only: its first write of all sources is byte for byte the full observe, so a source added to Observations cannot be silently dropped.")]
    public void FirstDeltaWriteEqualsFullWriteForEverySource()
    {
        using var kernel = SimulatedKernel.Create("rpi3-6.12");
        var observations = new ObservationReader(kernel).Read([.. ObservationSources.All], fd: null);
        Assert.That(Write(w => ObserveOps.Write(w, observations)), Does.Contain("\"meminfo\""), "every source was read");
        Assert.That(Write(w => new ObservationDelta().Write(w, observations)), Is.EqualTo(Write(w => ObserveOps.Write(w, observations))));
    }

    private static string Write(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer)) write(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Test]
    [Description("Without observe_changes_only every step carries every source in full, as before the option existed.")]
    public void WithoutTheOptionEveryValueIsFull()
    {
        using var kernel = SimulatedKernel.Create("rpi3-6.12");
        var replies = Run(kernel, Batch(changesOnly: false));
        Assert.That(Enumerable.Range(0, 4).Select(i => BoStats(replies, i)["unchanged"]), Is.All.Null);
        Assert.That(BoStats(replies, 2).ToJsonString(), Is.EqualTo(BoStats(replies, 1).ToJsonString()));
    }
}
