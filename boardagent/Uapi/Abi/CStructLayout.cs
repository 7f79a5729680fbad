namespace HilHarness.Uapi;

/// <summary>
/// Lays out a C struct of scalar fields by the System V / AAPCS rules (each field aligned to its own size, the
/// struct to its largest field). Used for the one UAPI struct whose layout depends on the ABI:
/// <c>drm_version</c> holds <c>size_t</c> and pointers.
/// </summary>
public static class CStructLayout
{
    /// <summary>A field of the C struct: its name and its width in bytes.</summary>
    public readonly record struct Field(string Name, int Size);

    /// <summary>Offsets of each field and the total size, padding included.</summary>
    public static (IReadOnlyList<(string Name, int Offset, int Size)> Fields, int Size) Compute(IEnumerable<Field> fields)
    {
        var placed = new List<(string, int, int)>();
        int offset = 0, maxAlign = 1;
        foreach (var f in fields)
        {
            offset = Align(offset, f.Size);
            placed.Add((f.Name, offset, f.Size));
            offset += f.Size;
            maxAlign = Math.Max(maxAlign, f.Size);
        }
        return (placed, Align(offset, maxAlign));
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
