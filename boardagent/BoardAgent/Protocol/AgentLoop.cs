using System.Text.Json;

namespace HilHarness.BoardAgent.Protocol;

/// <summary>
/// The JSON Lines loop (docs/protocol.md): one request per line in, exactly one final reply per request out.
/// It ends on <c>bye</c> or end of input and never on bad input. Runs over any TextReader/TextWriter, so tests
/// drive it in-process exactly as Program drives it over stdin/stdout.
/// </summary>
public sealed class AgentLoop
{
    /// <summary>docs/protocol.md: the default <c>--max-line</c>.</summary>
    public const int DefaultMaxLineBytes = 1 << 20;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };
    private readonly BoundedLineReader reader;

    public AgentLoop(AgentSession session, TextReader input, TextWriter output, int maxLineBytes = DefaultMaxLineBytes)
    {
        reader = new BoundedLineReader(input, maxLineBytes);
        var channel = new ReplyChannel(output);
        var table = AgentOps.CreateTable();
        Dispatcher = new Dispatcher(session, table, channel);
    }

    public Dispatcher Dispatcher { get; }

    /// <summary>Serves until <c>bye</c> or end of input; returns the process exit code (0).</summary>
    public int Run()
    {
        while (true)
        {
            switch (reader.Next())
            {
                case LineStatus.End:
                    return 0;
                case LineStatus.TooLong:
                    Dispatcher.Channel.Error(null, ErrorCodes.LineTooLong,
                        $"line exceeds --max-line {reader.MaxBytes} bytes; discarded up to the next newline");
                    continue;
                default:
                    Serve(reader.Line);
                    if (Dispatcher.Session.ExitRequested) return 0;
                    continue;
            }
        }
    }

    /// <summary>Parses the envelope of one line and answers it.</summary>
    public void Serve(ReadOnlyMemory<char> line)
    {
        if (line.Span.IsWhiteSpace()) return; // a blank line carries no request and gets no reply
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, ParseOptions);
        }
        catch (JsonException e)
        {
            Dispatcher.Channel.Error(null, ErrorCodes.BadJson, $"not a JSON object: {e.Message}");
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Dispatcher.Channel.Error(null, ErrorCodes.BadJson, $"a request must be a JSON object, got {JsonArgs.Describe(root)}");
                return;
            }
            if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.Number
                || !idElement.TryGetInt64(out long id))
            {
                Dispatcher.Channel.Error(null, ErrorCodes.BadRequest, "id: missing or not an integer");
                return;
            }
            if (!root.TryGetProperty("op", out var opElement) || opElement.ValueKind != JsonValueKind.String)
            {
                Dispatcher.Channel.Error(id, ErrorCodes.BadRequest, "op: missing or not a string");
                return;
            }
            root.TryGetProperty("args", out var args);
            var buffer = Dispatcher.Rent();
            try
            {
                Dispatcher.Execute(buffer, opElement.GetString()!, args, null, id);
                Dispatcher.Channel.Reply(id, buffer.Body);
            }
            finally
            {
                Dispatcher.Return(buffer);
            }
        }
    }
}
