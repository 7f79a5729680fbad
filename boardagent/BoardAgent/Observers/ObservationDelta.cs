using System.Buffers;
using System.Text.Json;
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

    private readonly Dictionary<string, byte[]> previous = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> scratch = new(1024);
    private readonly Utf8JsonWriter scratchWriter;

    public ObservationDelta() => scratchWriter = new Utf8JsonWriter(scratch, StepBuffer.WriterOptions);

    /// <summary>Writes <paramref name="observations"/> as the <c>observe</c> object, unchanged sources marked.</summary>
    public void Write(Utf8JsonWriter writer, Observations observations)
    {
        scratch.ResetWrittenCount();
        scratchWriter.Reset(scratch);
        JsonSerializer.Serialize(scratchWriter, observations, AgentJsonContext.Default.Observations);
        scratchWriter.Flush();
        var json = scratch.WrittenSpan;
        var reader = new Utf8JsonReader(json);
        reader.Read();
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string source = reader.GetString()!;
            reader.Read();
            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            var value = json[start..(int)reader.BytesConsumed];
            writer.WritePropertyName(source);
            if (previous.TryGetValue(source, out var last) && value.SequenceEqual(last))
            {
                writer.WriteRawValue(Unchanged, skipInputValidation: true);
                continue;
            }
            writer.WriteRawValue(value, skipInputValidation: true);
            previous[source] = value.ToArray();
        }
        writer.WriteEndObject();
    }
}
