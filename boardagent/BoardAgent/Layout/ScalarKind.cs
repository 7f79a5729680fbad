namespace HilHarness.BoardAgent.Layout;

/// <summary>The C scalar types UAPI structs use; pointer-sized fields resolve to the 32- or 64-bit kind of this
/// process's ABI when the shape is built.</summary>
public enum ScalarKind
{
    U8,
    U16,
    U32,
    U64,
    I32,
    I64,
}

/// <summary>Width, range and raw access of each <see cref="ScalarKind"/>.</summary>
public static class ScalarKinds
{
    public static int Size(ScalarKind kind) => kind switch
    {
        ScalarKind.U8 => 1,
        ScalarKind.U16 => 2,
        ScalarKind.U32 or ScalarKind.I32 => 4,
        _ => 8,
    };

    /// <summary>The C spelling, for error messages ("out of range for __u32").</summary>
    public static string CName(ScalarKind kind) => kind switch
    {
        ScalarKind.U8 => "__u8",
        ScalarKind.U16 => "__u16",
        ScalarKind.U32 => "__u32",
        ScalarKind.U64 => "__u64",
        ScalarKind.I32 => "__s32",
        _ => "__s64",
    };

    public static bool IsSigned(ScalarKind kind) => kind is ScalarKind.I32 or ScalarKind.I64;

    /// <summary>Whether an unsigned value fits.</summary>
    public static bool Fits(ScalarKind kind, ulong value) => kind switch
    {
        ScalarKind.U8 => value <= byte.MaxValue,
        ScalarKind.U16 => value <= ushort.MaxValue,
        ScalarKind.U32 => value <= uint.MaxValue,
        ScalarKind.I32 => value <= int.MaxValue,
        ScalarKind.I64 => value <= long.MaxValue,
        _ => true,
    };

    /// <summary>Whether a negative value fits (only the signed kinds take one).</summary>
    public static bool FitsNegative(ScalarKind kind, long value) => kind switch
    {
        ScalarKind.I32 => value >= int.MinValue,
        ScalarKind.I64 => true,
        _ => false,
    };

    /// <summary>Stores the low bits of <paramref name="bits"/> at <paramref name="offset"/> (native byte order, as
    /// the kernel reads the struct).</summary>
    public static void Write(Span<byte> data, int offset, ScalarKind kind, ulong bits)
    {
        var at = data[offset..];
        switch (Size(kind))
        {
            case 1: at[0] = (byte)bits; break;
            case 2: System.Runtime.InteropServices.MemoryMarshal.Write(at, (ushort)bits); break;
            case 4: System.Runtime.InteropServices.MemoryMarshal.Write(at, (uint)bits); break;
            default: System.Runtime.InteropServices.MemoryMarshal.Write(at, bits); break;
        }
    }

    /// <summary>Reads an unsigned kind zero-extended, a signed kind sign-extended, as 64 raw bits.</summary>
    public static ulong Read(ReadOnlySpan<byte> data, int offset, ScalarKind kind)
    {
        var at = data[offset..];
        return kind switch
        {
            ScalarKind.U8 => at[0],
            ScalarKind.U16 => System.Runtime.InteropServices.MemoryMarshal.Read<ushort>(at),
            ScalarKind.U32 => System.Runtime.InteropServices.MemoryMarshal.Read<uint>(at),
            ScalarKind.I32 => (ulong)(long)System.Runtime.InteropServices.MemoryMarshal.Read<int>(at),
            _ => System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(at),
        };
    }
}
