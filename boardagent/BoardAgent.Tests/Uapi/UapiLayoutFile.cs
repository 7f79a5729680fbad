using NUnit.Framework;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Tests.Uapi;

/// <summary>One field of a struct in uapi-layouts.json; bit-fields carry their position in bits.</summary>
internal sealed record JsonField(string Name, int Offset, int Size, string Type, int? BitOffset, int? BitSize)
{
    /// <summary>The byte offset and width the C# declaration must use: a bit-field is declared as the bytes it covers.</summary>
    public (int Offset, int Size) ExpectedBytes => BitOffset is { } bits && BitSize is { } width
        ? (bits / 8, width / 8)
        : (Offset, Size);
}

/// <summary>A struct of uapi-layouts.json for one ABI.</summary>
internal sealed record JsonStruct(string Name, int Size, IReadOnlyList<JsonField> Fields);

/// <summary>
/// The reference layouts, ../shared/uapi/uapi-layouts.json next to the repository (gcc 12 + DWARF for each ABI,
/// Linux 7.1.3). HIL_UAPI_LAYOUTS overrides the location.
/// </summary>
internal static class UapiLayoutFile
{
    private static readonly Lazy<(string Path, JsonDocument Document)> Loaded = new(Load);

    public static string Path => Loaded.Value.Path;

    /// <summary>True when the file can be found; test sources use it to yield a single failing case instead.</summary>
    public static bool Exists => Locate() is not null;

    public static IReadOnlyList<Abi> Abis => [Abi.X86_64, Abi.Aarch64, Abi.Armhf];

    public static IReadOnlyList<string> StructNames(Abi abi) =>
        AbiElement(abi).GetProperty("structs").EnumerateObject().Select(p => p.Name).ToList();

    public static IReadOnlyList<string> IoctlNames(Abi abi) =>
        AbiElement(abi).GetProperty("ioctls").EnumerateObject().Select(p => p.Name).ToList();

    public static uint Request(Abi abi, string ioctl)
    {
        var hex = AbiElement(abi).GetProperty("ioctls").GetProperty(ioctl).GetString()!;
        return uint.Parse(hex.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static JsonStruct Struct(Abi abi, string name)
    {
        var element = AbiElement(abi).GetProperty("structs").GetProperty(name);
        var fields = element.GetProperty("fields").EnumerateArray().Select(f => new JsonField(
            f.GetProperty("name").GetString()!,
            f.GetProperty("offset").GetInt32(),
            f.GetProperty("size").GetInt32(),
            f.GetProperty("type").GetString()!,
            f.TryGetProperty("bit_offset", out var bo) ? bo.GetInt32() : null,
            f.TryGetProperty("bit_size", out var bs) ? bs.GetInt32() : null)).ToList();
        return new JsonStruct(name, element.GetProperty("size").GetInt32(), fields);
    }

    private static JsonElement AbiElement(Abi abi) =>
        Loaded.Value.Document.RootElement.GetProperty("abis").GetProperty(AbiFacts.Name(abi));

    private static (string, JsonDocument) Load()
    {
        var path = Locate() ?? throw new FileNotFoundException(
            "uapi-layouts.json not found: expected ../shared/uapi/uapi-layouts.json beside the repository root " +
            $"(searched upwards from {TestContext.CurrentContext.TestDirectory} and {SourceDirectory()} for HilHarness.sln) or a path in HIL_UAPI_LAYOUTS");
        return (path, JsonDocument.Parse(File.ReadAllText(path)));
    }

    private static string? Locate()
    {
        var overridden = Environment.GetEnvironmentVariable("HIL_UAPI_LAYOUTS");
        if (!string.IsNullOrEmpty(overridden)) return File.Exists(overridden) ? overridden : null;
        // The test binaries may live outside the checkout (HIL_ARTIFACTS), so also search from this source file.
        return FromRepositoryAbove(TestContext.CurrentContext.TestDirectory) ?? FromRepositoryAbove(SourceDirectory());
    }

    private static string SourceDirectory([CallerFilePath] string file = "") => System.IO.Path.GetDirectoryName(file) ?? "/";

    private static string? FromRepositoryAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "HilHarness.sln"))) continue;
            var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "uapi", "uapi-layouts.json"));
            return File.Exists(candidate) ? candidate : null;
        }
        return null;
    }
}
