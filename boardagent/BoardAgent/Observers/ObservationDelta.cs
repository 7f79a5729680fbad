using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HilHarness.BoardAgent.Protocol;
using HilHarness.BoardAgent.Session;

namespace HilHarness.BoardAgent.Observers;

/// <summary>
/// Writes a batch's per-step observations with <c>observe_changes_only</c> (docs/protocol.md, "Batches"): a source
/// whose JSON is byte-for-byte what this batch reported for it after the previous step is written as
/// <c>{"unchanged": true}</c>, and the host substitutes the previous value. Every step is still observed; only the
/// repetition is left off the wire (bo_stats after a failed ioctl, kmsg with no new records). One per batch, so a
/// batch's first step always carries every value in full.
/// </summary>
public sealed class ObservationDelta
{
    /// <summary>What an unchanged source is written as.</summary>
    public static ReadOnlySpan<byte> Unchanged => """{"unchanged":true}"""u8;

    /// <summary>Per source, the value written last and its JSON.</summary>
    private readonly Dictionary<string, (object Value, byte[] Json)> previous = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> scratch = new(1024);
    private readonly Utf8JsonWriter scratchWriter;

    public ObservationDelta() => scratchWriter = new Utf8JsonWriter(scratch, StepBuffer.WriterOptions);

    /// <summary>Writes <paramref name="observations"/> as the <c>observe</c> object, unchanged sources marked, in the
    /// order a full observe writes them.</summary>
    public void Write(Utf8JsonWriter writer, Observations observations)
    {
        var types = AgentJsonContext.Default;
        writer.WriteStartObject();
        Source(writer, ObservationSources.BoStats, observations.BoStats, types.BoStats);
        Source(writer, ObservationSources.Gems, observations.Gems, types.GemsReport);
        Source(writer, ObservationSources.FdInfo, observations.FdInfo, types.FdInfo);
        Source(writer, ObservationSources.Kmsg, observations.Kmsg, types.KmsgReport);
        Source(writer, ObservationSources.Taint, observations.Taint, types.TaintReport);
        Source(writer, ObservationSources.RuntimePm, observations.RuntimePm, types.RuntimePmStatus);
        Source(writer, ObservationSources.Meminfo, observations.Meminfo, types.CmaInfo);
        writer.WriteEndObject();
    }

    private void Source<T>(Utf8JsonWriter writer, string source, T? value, JsonTypeInfo<T> type) where T : class
    {
        if (value is null) return;
        writer.WritePropertyName(source);
        bool known = previous.TryGetValue(source, out var last);
        // The reader hands back the very value it parsed before when the source's text did not change.
        if (known && ReferenceEquals(last.Value, value))
        {
            writer.WriteRawValue(Unchanged, skipInputValidation: true);
            return;
        }
        scratch.ResetWrittenCount();
        scratchWriter.Reset(scratch);
        JsonSerializer.Serialize(scratchWriter, value, type);
        scratchWriter.Flush();
        var json = scratch.WrittenSpan;
        if (known && json.SequenceEqual(last.Json))
        {
            writer.WriteRawValue(Unchanged, skipInputValidation: true);
            previous[source] = (value, last.Json);
            return;
        }
        writer.WriteRawValue(json, skipInputValidation: true);
        previous[source] = (value, json.ToArray());
    }
}
