using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HilHarness.BoardAgent.Layout;

/// <summary>
/// The field list of a UAPI struct, read once from its one C# definition in boardagent/Uapi (field names are the C
/// names, offsets come from the runtime's layout of that definition). The protocol codec walks this list, so the
/// agent never restates a layout.
/// </summary>
public sealed class StructShape
{
    private readonly Dictionary<string, FieldShape> byName;

    private StructShape(string name, int size, IReadOnlyList<FieldShape> fields)
    {
        Name = name;
        Size = size;
        Fields = fields;
        for (int i = 0; i < fields.Count; i++) fields[i].Index = i;
        byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    /// <summary>The C struct name.</summary>
    public string Name { get; }

    /// <summary>sizeof(struct) on this process's ABI.</summary>
    public int Size { get; }

    /// <summary>Fields in offset order.</summary>
    public IReadOnlyList<FieldShape> Fields { get; }

    public FieldShape? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>The field <paramref name="name"/>; a missing one is a bug in a client's op table.</summary>
    public FieldShape this[string name] => byName.TryGetValue(name, out var f) ? f
        : throw new InvalidOperationException($"struct {Name} has no field '{name}'");

    /// <summary>
    /// Reads the shape of <typeparamref name="T"/>. Nested struct fields must have their shape in
    /// <paramref name="nested"/> (the field type is not annotated for trimming, so it is not reflected on here).
    /// </summary>
    public static StructShape Of<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(
        params StructShape[] nested) where T : unmanaged
    {
        var fields = new List<FieldShape>();
        foreach (var field in typeof(T).GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            int offset = (int)Marshal.OffsetOf<T>(field.Name);
            var fixedBuffer = field.GetCustomAttribute<FixedBufferAttribute>();
            if (fixedBuffer is not null)
            {
                fields.Add(new FieldShape(field.Name, offset, KindOf(fixedBuffer.ElementType, typeof(T).Name, field.Name),
                    fixedBuffer.Length, null));
                continue;
            }
            var inner = nested.FirstOrDefault(s => s.Name == field.FieldType.Name);
            if (inner is not null)
            {
                fields.Add(new FieldShape(field.Name, offset, ScalarKind.U8, 0, inner));
                continue;
            }
            fields.Add(new FieldShape(field.Name, offset, KindOf(field.FieldType, typeof(T).Name, field.Name), 0, null));
        }
        fields.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        return new StructShape(typeof(T).Name, Unsafe.SizeOf<T>(), fields);
    }

    private static ScalarKind KindOf(Type type, string structName, string fieldName)
    {
        if (type == typeof(byte)) return ScalarKind.U8;
        if (type == typeof(ushort)) return ScalarKind.U16;
        if (type == typeof(uint)) return ScalarKind.U32;
        if (type == typeof(ulong)) return ScalarKind.U64;
        if (type == typeof(int)) return ScalarKind.I32;
        if (type == typeof(long)) return ScalarKind.I64;
        if (type == typeof(nuint)) return IntPtr.Size == 4 ? ScalarKind.U32 : ScalarKind.U64;
        if (type == typeof(nint)) return IntPtr.Size == 4 ? ScalarKind.U32 : ScalarKind.U64;
        throw new InvalidOperationException(
            $"{structName}.{fieldName}: field type {type.Name} has no protocol mapping (register its shape as nested)");
    }

    public override string ToString() => $"struct {Name} ({Size} bytes, {Fields.Count} fields)";
}
