using System.Text.Json;
using HilHarness.BoardAgent.Layout;

namespace HilHarness.BoardAgent.Protocol;

/// <summary>
/// Typed reads of request arguments. Every failure is a <see cref="ProtocolException"/> (bad-args) whose message
/// names the field and says what was expected, so a test author sees at once which argument was wrong.
/// </summary>
public static class JsonArgs
{
    /// <summary>Follows a <c>$ref</c> object (inside a batch) to the value it names; other values pass through.</summary>
    public static JsonElement Deref(JsonElement value, string field, IStepRefs? refs)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("$ref", out var reference)) return value;
        if (reference.ValueKind != JsonValueKind.String)
            throw ProtocolException.BadArgs(field, "$ref must be a string \"<step index>.<out field>\"");
        if (refs is null) throw ProtocolException.BadArgs(field, "$ref is only valid inside a batch");
        return refs.Resolve(reference.GetString()!, field);
    }

    /// <summary>The raw 64 bits of an integer that must fit C type <paramref name="kind"/>.</summary>
    public static ulong Scalar(JsonElement value, ScalarKind kind, string field, IStepRefs? refs)
    {
        value = Deref(value, field, refs);
        if (value.ValueKind != JsonValueKind.Number)
            throw ProtocolException.BadArgs(field, $"expected an integer ({ScalarKinds.CName(kind)}), got {Describe(value)}");
        if (value.TryGetUInt64(out var unsigned))
        {
            if (!ScalarKinds.Fits(kind, unsigned))
                throw ProtocolException.BadArgs(field, $"{unsigned} is out of range for {ScalarKinds.CName(kind)}");
            return unsigned;
        }
        if (value.TryGetInt64(out var signed))
        {
            if (!ScalarKinds.FitsNegative(kind, signed))
                throw ProtocolException.BadArgs(field, $"{signed} is out of range for {ScalarKinds.CName(kind)}");
            return (ulong)signed;
        }
        throw ProtocolException.BadArgs(field,
            $"{value.GetRawText()} is not an integer in range for {ScalarKinds.CName(kind)}");
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static long Integer(JsonElement value, string field, long min, long max, IStepRefs? refs)
    {
        value = Deref(value, field, refs);
        if (value.ValueKind != JsonValueKind.Number)
            throw ProtocolException.BadArgs(field, $"expected an integer, got {Describe(value)}");
        if (!value.TryGetInt64(out var n) || n < min || n > max)
            throw ProtocolException.BadArgs(field, $"{value.GetRawText()} is out of range [{min}, {max}]");
        return n;
    }

    public static string String(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String)
            throw ProtocolException.BadArgs(field, $"expected a string, got {Describe(value)}");
        return value.GetString()!;
    }

    public static bool Bool(JsonElement value, string field)
    {
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw ProtocolException.BadArgs(field, $"expected true or false, got {Describe(value)}");
        return value.GetBoolean();
    }

    public static byte[] Base64(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String)
            throw ProtocolException.BadArgs(field, $"expected base64 text, got {Describe(value)}");
        if (!value.TryGetBytesFromBase64(out var bytes))
            throw ProtocolException.BadArgs(field, "is not valid base64");
        return bytes;
    }

    public static void RequireArray(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw ProtocolException.BadArgs(field, $"expected an array, got {Describe(value)}");
    }

    public static void RequireObject(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw ProtocolException.BadArgs(field, $"expected an object, got {Describe(value)}");
    }

    /// <summary>"a string", "an array", … for messages.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
