using HilHarness.Uapi;
using HilHarness.Uapi.Drm;
using NUnit.Framework;

namespace HilHarness.BoardAgent.Tests.Uapi;

/// <summary>
/// The C# UAPI declarations against a C compiler and Debian's libdrm-dev headers on this machine's ABI. Locally
/// the tests skip with the reason when gcc or the headers are missing; with CI=true that is a failure.
/// </summary>
[TestFixture]
public sealed class LibdrmProbeTests
{
    private LibdrmProbe probe = null!;

    [OneTimeSetUp]
    public void CompileAndRunTheProbe()
    {
        if (LibdrmProbe.WhyUnavailable() is { } reason)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail($"CI=true and the C probe cannot run: {reason}");
            Assert.Ignore($"C probe skipped: {reason}");
        }
        var structs = UapiLayoutFile.StructNames(AbiFacts.Current).Select(n => UapiLayoutFile.Struct(AbiFacts.Current, n)).ToList();
        probe = LibdrmProbe.Run(structs, UapiLayoutFile.IoctlNames(AbiFacts.Current));
        TestContext.Progress.WriteLine(
            $"libdrm-dev {probe.LibdrmVersion} ({string.Join(", ", probe.HeadersUsed)}): compared {probe.StructSizes.Count} structs, " +
            $"{probe.Fields.Count} fields, {probe.Requests.Count} ioctls on {AbiFacts.Name(AbiFacts.Current)}");
        foreach (var line in probe.Missing) TestContext.Progress.WriteLine("  " + line);
    }

    [Test]
    [Description("Every struct the distro headers declare has the C compiler's size, field offsets and field widths in C#.")]
    public void StructsMatchTheCCompiler()
    {
        Assert.Multiple(() =>
        {
            foreach (var (name, size) in probe.StructSizes)
            {
                Assert.That(CSharpLayout.Structs.TryGetValue(name, out var type), Is.True, $"no C# struct {name}");
                if (type is null) continue;
                if (probe.OlderStructs.Contains(name))
                    TestContext.Out.WriteLine($"struct {name}: {size} bytes in libdrm-dev {probe.LibdrmVersion}, {CSharpLayout.SizeOf(type)} in Linux 7.1.3; the fields they share are compared");
                else
                    Assert.That(CSharpLayout.SizeOf(type), Is.EqualTo(size), $"sizeof(struct {name}) per gcc");
                var mine = CSharpLayout.Fields(type).ToDictionary(f => f.Name, StringComparer.Ordinal);
                foreach (var ((structName, field), (offset, width)) in probe.Fields.Where(f => f.Key.Struct == name))
                {
                    Assert.That(mine.ContainsKey(field), Is.True, $"{structName}.{field} has no C# field");
                    if (!mine.TryGetValue(field, out var f)) continue;
                    Assert.That((f.Offset, f.Size), Is.EqualTo((offset, width)), $"(offsetof, sizeof) of {structName}.{field} per gcc");
                }
            }
        });
    }

    [Test]
    [Description("Every ioctl macro the distro headers define expands to the request number the catalogue derives.")]
    public void IoctlNumbersMatchTheCCompiler()
    {
        Assert.Multiple(() =>
        {
            foreach (var (name, request) in probe.Requests)
            {
                var definition = IoctlCatalog.All.Single(d => d.Name == name);
                if (probe.OlderStructs.Contains(definition.StructName))
                {
                    // The distro's struct is shorter, so only the size bits may differ, and they must be its sizeof.
                    Assert.That(IoctlCode.Encode(definition.Direction, IoctlCode.DrmType, definition.Nr, probe.StructSizes[definition.StructName]),
                        Is.EqualTo(request), $"{name}: direction, type and nr with libdrm-dev's struct size");
                    TestContext.Out.WriteLine($"{name}: 0x{request:x8} in libdrm-dev {probe.LibdrmVersion} (older struct), 0x{definition.Request:x8} in Linux 7.1.3");
                    continue;
                }
                Assert.That(definition.Request, Is.EqualTo(request), $"{name}: C# 0x{definition.Request:x8}, gcc 0x{request:x8}");
            }
        });
    }

    [Test]
    [Description("The probe really compared the DRM core and vc4 UAPI (drm.h and vc4_drm.h are in every libdrm-dev HilHarness supports).")]
    public void ProbeCoveredTheCoreAndVc4Headers()
    {
        Assert.Multiple(() =>
        {
            Assert.That(probe.StructSizes.Keys, Does.Contain(nameof(drm_version)).And.Contain("drm_vc4_submit_cl"));
            Assert.That(probe.Requests.Keys, Does.Contain("DRM_IOCTL_VERSION").And.Contain("DRM_IOCTL_VC4_SUBMIT_CL"));
            Assert.That(probe.Requests.Keys.Count(k => k.StartsWith("DRM_IOCTL_VC4_", StringComparison.Ordinal)), Is.EqualTo(15));
        });
    }
}
