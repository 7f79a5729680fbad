using System.Text;
using System.Text.Json;

namespace HilHarness.Inventory;

/// <summary>
/// A JSON value with the line, column and JSON path it came from. System.Text.Json's DOM drops positions, and a
/// rack file's errors must name the line a person has to edit, so the reader keeps them.
/// </summary>
public sealed class PositionedJson
{
    private PositionedJson(JsonValueKind kind, string path, int line, int column)
    {
        Kind = kind;
        Path = path;
        Line = line;
        Column = column;
    }

    public JsonValueKind Kind { get; }

    /// <summary>The JSON path, e.g. <c>$.boards[1].port</c>.</summary>
    public string Path { get; }

    /// <summary>1-based line of the value's first character.</summary>
    public int Line { get; }

    /// <summary>1-based column (in bytes) of the value's first character.</summary>
    public int Column { get; }

    /// <summary>The string's value, or a number's text as written.</summary>
    public string? Text { get; private set; }

    public IReadOnlyList<PositionedProperty> Properties { get; private set; } = [];

    public IReadOnlyList<PositionedJson> Items { get; private set; } = [];

    /// <summary>How the value reads in an error message: strings quoted, containers by kind.</summary>
    public string Describe() => Kind switch
    {
        JsonValueKind.String => JsonSerializer.Serialize(Text ?? "", InventoryJsonContext.Default.String),
        JsonValueKind.Number => Text ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => Kind.ToString(),
    };

    /// <summary>Parses <paramref name="utf8"/>; a syntax error becomes an <see cref="InventoryException"/> that
    /// names <paramref name="source"/> and the line.</summary>
    public static PositionedJson Parse(ReadOnlySpan<byte> utf8, string source)
    {
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
            throw new InventoryException([new InventoryError(source, 1, 1, "$", "the file is empty; expected a JSON object with a \"boards\" array")]);
        var lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            reader.Read();
            var root = ReadValue(ref reader, "$", lineStarts);
            if (reader.Read())
            {
                var (line, column) = Position(lineStarts, reader.TokenStartIndex);
                throw new InventoryException([new InventoryError(source, line, column, "$", "unexpected content after the top-level object")]);
            }
            return root;
        }
        catch (JsonException e)
        {
            int line = (int)(e.LineNumber ?? 0) + 1, column = (int)(e.BytePositionInLine ?? 0) + 1;
            throw new InventoryException([new InventoryError(source, line, column, "$", "not valid JSON: " + SyntaxReason(e.Message))]);
        }
    }

    private static PositionedJson ReadValue(ref Utf8JsonReader reader, string path, List<long> lineStarts)
    {
        var (line, column) = Position(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new PositionedJson(JsonValueKind.Object, path, line, column);
                var properties = new List<PositionedProperty>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var (pline, pcolumn) = Position(lineStarts, reader.TokenStartIndex);
                    string name = reader.GetString() ?? "";
                    reader.Read();
                    var value = ReadValue(ref reader, path + "." + name, lineStarts);
                    properties.Add(new PositionedProperty(name, pline, pcolumn, value));
                }
                node.Properties = properties;
                return node;
            }
            case JsonTokenType.StartArray:
            {
                var node = new PositionedJson(JsonValueKind.Array, path, line, column);
                var items = new List<PositionedJson>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, $"{path}[{items.Count}]", lineStarts));
                node.Items = items;
                return node;
            }
            case JsonTokenType.String:
                return new PositionedJson(JsonValueKind.String, path, line, column) { Text = reader.GetString() };
            case JsonTokenType.Number:
                return new PositionedJson(JsonValueKind.Number, path, line, column) { Text = Encoding.UTF8.GetString(reader.ValueSpan) };
            case JsonTokenType.True:
                return new PositionedJson(JsonValueKind.True, path, line, column);
            case JsonTokenType.False:
                return new PositionedJson(JsonValueKind.False, path, line, column);
            default:
                return new PositionedJson(JsonValueKind.Null, path, line, column);
        }
    }

    private static List<long> LineStarts(ReadOnlySpan<byte> utf8)
    {
        var starts = new List<long> { 0 };
        for (int i = 0; i < utf8.Length; i++)
            if (utf8[i] == (byte)'\n')
                starts.Add(i + 1);
        return starts;
    }

    private static (int Line, int Column) Position(List<long> lineStarts, long offset)
    {
        int index = lineStarts.BinarySearch(offset);
        if (index < 0)
            index = ~index - 1;
        return (index + 1, (int)(offset - lineStarts[index]) + 1);
    }

    /// <summary>The reader's message without its own "LineNumber: … | BytePositionInLine: …" suffix, which the
    /// error's prefix already says in the file:line:column form editors understand.</summary>
    private static string SyntaxReason(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd();
    }
}

/// <summary>An object member with the position of its name.</summary>
public sealed record PositionedProperty(string Name, int Line, int Column, PositionedJson Value);
