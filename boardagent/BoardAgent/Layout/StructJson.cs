using System.Text.Json;
using HilHarness.BoardAgent.Protocol;

namespace HilHarness.BoardAgent.Layout;

/// <summary>Converts between a struct's bytes and JSON by its <see cref="StructShape"/>: scalars as numbers, fixed
/// arrays as arrays, nested structs as objects, every field under its C name.</summary>
public static class StructJson
{
    /// <summary>Stores the JSON <paramref name="value"/> into field <paramref name="field"/> of the struct at
    /// <paramref name="data"/>; <paramref name="path"/> names it in errors.</summary>
    public static void Write(Span<byte> data, FieldShape field, JsonElement value, string path, IStepRefs? refs)
    {
        if (field.Nested is { } nested)
        {
            JsonArgs.RequireObject(value, path);
            var inner = data[field.Offset..];
            foreach (var property in value.EnumerateObject())
            {
                var innerField = nested.Find(property.Name) ?? throw ProtocolException.BadArgs(
                    path + "." + property.Name, $"struct {nested.Name} has no such field ({FieldList(nested)})");
                Write(inner, innerField, property.Value, path + "." + property.Name, refs);
            }
            return;
        }
        if (field.ArrayLength > 0)
        {
            JsonArgs.RequireArray(value, path);
            int count = value.GetArrayLength();
            if (count > field.ArrayLength)
                throw ProtocolException.BadArgs(path, $"has {count} elements; the C array holds {field.ArrayLength}");
            int size = ScalarKinds.Size(field.Kind), i = 0;
            foreach (var element in value.EnumerateArray())
            {
                ulong bits = JsonArgs.Scalar(element, field.Kind, $"{path}[{i}]", refs);
                ScalarKinds.Write(data, field.Offset + i * size, field.Kind, bits);
                i++;
            }
            return;
        }
        ScalarKinds.Write(data, field.Offset, field.Kind, JsonArgs.Scalar(value, field.Kind, path, refs));
    }

    /// <summary>Writes every field of the struct at <paramref name="data"/> as properties of the current object;
    /// <paramref name="rename"/> maps a C name to the protocol name where they differ.</summary>
    public static void WriteFields(Utf8JsonWriter writer, ReadOnlySpan<byte> data, StructShape shape,
        IReadOnlyDictionary<string, string>? rename = null, IReadOnlySet<string>? skip = null)
    {
        foreach (var field in shape.Fields)
        {
            if (skip is not null && skip.Contains(field.Name)) continue;
            string name = rename is not null && rename.TryGetValue(field.Name, out var renamed) ? renamed : field.Name;
            if (field.Nested is { } nested)
            {
                writer.WriteStartObject(name);
                WriteFields(writer, data[field.Offset..], nested);
                writer.WriteEndObject();
            }
            else if (field.ArrayLength > 0)
            {
                writer.WriteStartArray(name);
                int size = ScalarKinds.Size(field.Kind);
                for (int i = 0; i < field.ArrayLength; i++)
                    WriteScalar(writer, ScalarKinds.Read(data, field.Offset + i * size, field.Kind), field.Kind);
                writer.WriteEndArray();
            }
            else
            {
                writer.WritePropertyName(name);
                WriteScalar(writer, ScalarKinds.Read(data, field.Offset, field.Kind), field.Kind);
            }
        }
    }

    /// <summary>Writes a whole struct as a JSON object value.</summary>
    public static void WriteObject(Utf8JsonWriter writer, ReadOnlySpan<byte> data, StructShape shape)
    {
        writer.WriteStartObject();
        WriteFields(writer, data, shape);
        writer.WriteEndObject();
    }

    private static void WriteScalar(Utf8JsonWriter writer, ulong bits, ScalarKind kind)
    {
        if (ScalarKinds.IsSigned(kind)) writer.WriteNumberValue((long)bits);
        else writer.WriteNumberValue(bits);
    }

    /// <summary>"a, b, c" for error messages.</summary>
    public static string FieldList(StructShape shape) => string.Join(", ", shape.Fields.Select(f => f.Name));
}
