namespace HilHarness.BoardAgent.Layout;

/// <summary>
/// One field of a UAPI struct as the protocol sees it: its C name, offset, scalar kind, and either a fixed array
/// length (<c>__u32 clear_color[2]</c>) or a nested struct (<c>struct drm_panthor_obj_array ops</c>).
/// </summary>
public sealed class FieldShape(string name, int offset, ScalarKind kind, int arrayLength, StructShape? nested)
{
    public string Name { get; } = name;

    public int Offset { get; } = offset;

    /// <summary>The scalar kind (of each element for an array; unused for a nested struct).</summary>
    public ScalarKind Kind { get; } = kind;

    /// <summary>Element count of a C fixed array, 0 for a scalar or a nested struct.</summary>
    public int ArrayLength { get; } = arrayLength;

    public StructShape? Nested { get; } = nested;

    /// <summary>Position of the field in its struct (for the "given explicitly" bit set).</summary>
    public int Index { get; internal set; }

    public bool IsScalar => ArrayLength == 0 && Nested is null;

    public override string ToString() => Nested is not null ? $"struct {Nested.Name} {Name}"
        : ArrayLength > 0 ? $"{ScalarKinds.CName(Kind)} {Name}[{ArrayLength}]" : $"{ScalarKinds.CName(Kind)} {Name}";
}
