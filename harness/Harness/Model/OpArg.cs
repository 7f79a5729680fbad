using System.Collections.Immutable;

namespace HilHarness.Model;

/// <summary>
/// One argument of a <see cref="ModelOp"/>: a number, a symbol naming an object an earlier step produced (compiled
/// to a <c>$ref</c>), a string, bytes, a list or an object. Plain data so an op list saves to JSON and replays.
/// </summary>
public sealed record OpArg
{
    public long? Number { get; init; }
    public string? Symbol { get; init; }
    /// <summary>With <see cref="Symbol"/>: the producing step's out field to use instead of its main one.</summary>
    public string? Field { get; init; }
    public string? Text { get; init; }
    public string? Base64 { get; init; }
    public ImmutableList<OpArg>? Items { get; init; }
    public ImmutableSortedDictionary<string, OpArg>? Fields { get; init; }

    public static OpArg Of(long n) => new() { Number = n };
    public static OpArg Sym(string symbol, string? field = null) => new() { Symbol = symbol, Field = field };
    public static OpArg Str(string text) => new() { Text = text };
    public static OpArg Bytes(ReadOnlySpan<byte> data) => new() { Base64 = Convert.ToBase64String(data) };
    public static OpArg List(IEnumerable<OpArg> items) => new() { Items = [.. items] };
    public static OpArg Obj(IEnumerable<KeyValuePair<string, OpArg>> fields) => new() { Fields = fields.ToImmutableSortedDictionary(StringComparer.Ordinal) };

    public byte[] DecodeBytes() => Base64 is null ? [] : Convert.FromBase64String(Base64);

    public override string ToString() =>
        Number is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Symbol is not null ? (Field is null ? "@" + Symbol : $"@{Symbol}.{Field}")
        : Text is not null ? $"\"{Text}\""
        : Base64 is not null ? $"<{DecodeBytes().Length} bytes>"
        : Items is not null ? "[" + string.Join(",", Items) + "]"
        : Fields is not null ? "{" + string.Join(",", Fields.Select(f => $"{f.Key}:{f.Value}")) + "}"
        : "null";
}
