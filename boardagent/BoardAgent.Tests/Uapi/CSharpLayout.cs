using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Tests.Uapi;

/// <summary>A field of a C# UAPI struct as the runtime lays it out, with the C type it stands for.</summary>
internal sealed record CSharpField(string Name, int Offset, int Size, string CType);

/// <summary>Reads the layout of the C# UAPI declarations by reflection (tests only; the agent never reflects).</summary>
internal static class CSharpLayout
{
    private static readonly MethodInfo SizeOfMethod = typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!;

    /// <summary>Every UAPI struct declared in HilHarness.Uapi.{Drm,Vc4,Panthor}, by its C name.</summary>
    public static IReadOnlyDictionary<string, Type> Structs { get; } = typeof(IoctlCatalog).Assembly.GetTypes()
        .Where(t => t.IsValueType && !t.IsEnum && t.IsPublic && t.Name.StartsWith("drm_", StringComparison.Ordinal)
                    && t.Namespace is "HilHarness.Uapi.Drm" or "HilHarness.Uapi.Vc4" or "HilHarness.Uapi.Panthor")
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static int SizeOf(Type type) => (int)SizeOfMethod.MakeGenericMethod(type).Invoke(null, null)!;

    /// <summary>The instance fields of a struct with offset, width and C type, on this process's ABI.</summary>
    public static IReadOnlyList<CSharpField> Fields(Type type) => type
        .GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
        .Select(f => new CSharpField(f.Name, (int)Marshal.OffsetOf(type, f.Name), FieldSize(f), CType(f)))
        .OrderBy(f => f.Offset)
        .ToList();

    private static int FieldSize(FieldInfo field) => field.GetCustomAttribute<FixedBufferAttribute>() is { } buffer
        ? SizeOf(buffer.ElementType) * buffer.Length
        : SizeOf(field.FieldType);

    /// <summary>The C type name uapi-layouts.json uses for this C# field ("__u32", "__u8[16]", "struct x", "pointer").</summary>
    private static string CType(FieldInfo field)
    {
        if (field.GetCustomAttribute<FixedBufferAttribute>() is { } buffer)
            return $"{Scalar(buffer.ElementType)}[{buffer.Length}]";
        return Scalar(field.FieldType);
    }

    private static string Scalar(Type type) => type switch
    {
        _ when type == typeof(byte) => "__u8",
        _ when type == typeof(ushort) => "__u16",
        _ when type == typeof(uint) => "__u32",
        _ when type == typeof(ulong) => "__u64",
        _ when type == typeof(int) => "__s32",
        _ when type == typeof(long) => "__s64",
        _ when type == typeof(nint) => "pointer",
        _ when type == typeof(nuint) => "__kernel_size_t",
        _ when type.IsValueType && type.Name.StartsWith("drm_", StringComparison.Ordinal) => "struct " + type.Name,
        _ => type.FullName ?? type.Name,
    };

    /// <summary>The C type names that mean the same C# type: a plain C "int" is __s32.</summary>
    public static string Normalise(string cType) => cType == "int" ? "__s32" : cType;
}
