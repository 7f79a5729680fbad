using NUnit.Framework;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.BoardAgent.Tests.Uapi;

/// <summary>
/// The C# UAPI declarations against uapi-layouts.json (gcc + DWARF, Linux 7.1.3) for x86_64, aarch64 and armhf:
/// each struct, each ioctl and each ABI is its own test case. Only drm_version depends on the ABI, so every other
/// struct's runtime layout is checked against all three ABIs' reference, and drm_version through LayoutFor(abi).
/// </summary>
[TestFixture]
public sealed class UapiLayoutTests
{
    private const string Missing = "(uapi-layouts.json missing)";

    public static IEnumerable<TestCaseData> StructCases()
    {
        if (!UapiLayoutFile.Exists) { yield return new TestCaseData(Abi.X86_64, Missing).SetName("Layouts file is present"); yield break; }
        foreach (var abi in UapiLayoutFile.Abis)
        foreach (var name in UapiLayoutFile.StructNames(abi))
        {
            // drm_version's C# declaration uses native widths, so reflection sees only this process's ABI; the
            // other ABIs are checked through drm_version.LayoutFor (DrmVersionLayoutForMatches).
            if (name == nameof(drm_version) && abi != AbiFacts.Current) continue;
            yield return new TestCaseData(abi, name).SetName($"Struct {name} matches the C layout on {AbiFacts.Name(abi)}");
        }
    }

    public static IEnumerable<TestCaseData> IoctlCases()
    {
        if (!UapiLayoutFile.Exists) { yield return new TestCaseData(Abi.X86_64, Missing).SetName("Layouts file is present"); yield break; }
        foreach (var abi in UapiLayoutFile.Abis)
        foreach (var name in UapiLayoutFile.IoctlNames(abi))
            yield return new TestCaseData(abi, name).SetName($"Ioctl {name} has the kernel's request number on {AbiFacts.Name(abi)}");
    }

    public static IEnumerable<TestCaseData> AbiCases() =>
        UapiLayoutFile.Abis.Select(abi => new TestCaseData(abi).SetName($"drm_version LayoutFor matches the C layout on {AbiFacts.Name(abi)}"));

    [TestCaseSource(nameof(StructCases))]
    [Description("Every field offset, width and C type and the total size of a C# UAPI struct equal what gcc laid out for that ABI.")]
    public void StructMatchesTheCompiledLayout(Abi abi, string name)
    {
        var expected = UapiLayoutFile.Struct(abi, name);
        Assert.That(CSharpLayout.Structs.TryGetValue(name, out var type), Is.True, $"no C# declaration of struct {name}");
        var actual = CSharpLayout.Fields(type!).ToDictionary(f => f.Name, StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(CSharpLayout.SizeOf(type!), Is.EqualTo(expected.Size), $"sizeof(struct {name}) on {AbiFacts.Name(abi)}");
            foreach (var field in expected.Fields)
            {
                if (!actual.TryGetValue(field.Name, out var mine)) { Assert.Fail($"{name}.{field.Name} has no C# field"); continue; }
                var (offset, size) = field.ExpectedBytes;
                Assert.That(mine.Offset, Is.EqualTo(offset), $"offsetof({name}, {field.Name})");
                Assert.That(mine.Size, Is.EqualTo(size), $"sizeof({name}.{field.Name})");
                if (field.BitSize is null)
                    Assert.That(mine.CType, Is.EqualTo(CSharpLayout.Normalise(field.Type)), $"C type of {name}.{field.Name}");
            }
            var extra = actual.Keys.Except(expected.Fields.Select(f => f.Name)).ToList();
            Assert.That(extra, Is.Empty, $"C# fields of {name} that the C struct does not have");
        });
    }

    [TestCaseSource(nameof(IoctlCases))]
    [Description("The request number the catalogue derives from direction, nr and struct size equals the kernel's _IOWR value for that ABI.")]
    public void IoctlRequestMatchesTheKernel(Abi abi, string name)
    {
        var expected = UapiLayoutFile.Request(abi, name);
        var definition = IoctlCatalog.All.SingleOrDefault(d => d.Name == name);
        Assert.That(definition, Is.Not.Null, $"{name} is not in IoctlCatalog");
        Assert.That(definition!.RequestFor(abi), Is.EqualTo(expected), $"{name} on {AbiFacts.Name(abi)}: 0x{definition.RequestFor(abi):x8} vs 0x{expected:x8}");
    }

    [TestCaseSource(nameof(AbiCases))]
    [Description("drm_version.LayoutFor(abi), which sizes DRM_IOCTL_VERSION, places every field where gcc does on that ABI.")]
    public void DrmVersionLayoutForMatches(Abi abi)
    {
        var expected = UapiLayoutFile.Struct(abi, nameof(drm_version));
        var (fields, size) = drm_version.LayoutFor(abi);
        Assert.Multiple(() =>
        {
            Assert.That(size, Is.EqualTo(expected.Size), $"sizeof(struct drm_version) on {AbiFacts.Name(abi)}");
            Assert.That(fields.Select(f => (f.Name, f.Offset, f.Size)),
                Is.EqualTo(expected.Fields.Select(f => (f.Name, f.Offset, f.Size))), "fields (name, offset, size)");
        });
    }

    [Test]
    [Description("On armhf drm_version is 36 bytes and DRM_IOCTL_VERSION is 0xc0246400, as kernel-facts B.2 states.")]
    public void DrmVersionOnArmhfIs36BytesAndRequest0xC0246400()
    {
        Assert.Multiple(() =>
        {
            Assert.That(drm_version.LayoutFor(Abi.Armhf).Size, Is.EqualTo(36));
            Assert.That(DrmIoctls.Version.RequestFor(Abi.Armhf), Is.EqualTo(0xc0246400u));
            Assert.That(DrmIoctls.Version.RequestFor(Abi.Aarch64), Is.EqualTo(0xc0406400u));
        });
    }

    [Test]
    [Description("Every struct in uapi-layouts.json has a C# declaration and every C# UAPI struct is in the file.")]
    public void EveryStructHasACounterpart()
    {
        var json = UapiLayoutFile.Abis.SelectMany(UapiLayoutFile.StructNames).ToHashSet(StringComparer.Ordinal);
        var mine = CSharpLayout.Structs.Keys.ToHashSet(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(json.Except(mine).Order(), Is.Empty, $"structs in {UapiLayoutFile.Path} without a C# declaration");
            Assert.That(mine.Except(json).Order(), Is.Empty, "C# UAPI structs that the layouts file does not describe");
        });
    }

    [Test]
    [Description("Every ioctl in uapi-layouts.json is in IoctlCatalog and every catalogue entry is in the file.")]
    public void EveryIoctlHasACounterpart()
    {
        var json = UapiLayoutFile.Abis.SelectMany(UapiLayoutFile.IoctlNames).ToHashSet(StringComparer.Ordinal);
        var mine = IoctlCatalog.All.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(json.Except(mine).Order(), Is.Empty, $"ioctls in {UapiLayoutFile.Path} missing from IoctlCatalog");
            Assert.That(mine.Except(json).Order(), Is.Empty, "IoctlCatalog entries the layouts file does not list");
            Assert.That(IoctlCatalog.All.Select(d => d.StructName).Where(s => !CSharpLayout.Structs.ContainsKey(s)), Is.Empty,
                "catalogue argument types that are not UAPI structs");
        });
    }
}
