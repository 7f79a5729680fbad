using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HilHarness.BoardAgent.Protocol;

/// <summary>Where one op's reply body is written: a reusable byte buffer, its JSON writer and the op context bound
/// to them. Rented from the <see cref="Dispatcher"/> so nested execution (a batch's steps) never shares one.</summary>
public sealed class StepBuffer
{
    /// <summary>Relaxed escaping: the output is a pipe, not HTML, and base64's '+' should stay one byte.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    private readonly ArrayBufferWriter<byte> output = new(512);

    internal StepBuffer(AgentSession session, Dispatcher dispatcher)
    {
        Writer = new Utf8JsonWriter(output, WriterOptions);
        Context = new OpContext(session, dispatcher, Writer);
    }

    public Utf8JsonWriter Writer { get; }

    public OpContext Context { get; }

    /// <summary>The reply body, a complete JSON object <c>{"ok":…}</c>.</summary>
    public ReadOnlySpan<byte> Body => output.WrittenSpan;

    internal void Reset()
    {
        output.ResetWrittenCount();
        Writer.Reset(output);
    }
}
