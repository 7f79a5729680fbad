using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Tests.Uapi;

/// <summary>
/// Builds and runs a C program against Debian's libdrm-dev headers that prints, for this machine's ABI,
/// <c>S struct size</c>, <c>F struct field offset size</c> and <c>I ioctl request</c> lines. Only what the distro
/// headers declare is probed (they may predate a struct, a field or a whole driver); the rest is listed in
/// <see cref="Missing"/> so a test can report it instead of dropping it silently.
/// </summary>
internal sealed partial class LibdrmProbe
{
    public const string IncludeDirectory = "/usr/include/libdrm";
    private static readonly string[] Headers = ["drm.h", "drm_mode.h", "vc4_drm.h", "panthor_drm.h"];

    public required string LibdrmVersion { get; init; }
    public required IReadOnlyDictionary<string, int> StructSizes { get; init; }
    public required IReadOnlyDictionary<(string Struct, string Field), (int Offset, int Size)> Fields { get; init; }
    public required IReadOnlyDictionary<string, uint> Requests { get; init; }
    public required IReadOnlyList<string> Missing { get; init; }
    public required IReadOnlyList<string> HeadersUsed { get; init; }

    /// <summary>Structs the distro declares with fewer fields than Linux 7.1.3 (the kernel appended fields since):
    /// their sizes, and so their ioctl numbers, legitimately differ from the C# ones.</summary>
    public required IReadOnlySet<string> OlderStructs { get; init; }

    /// <summary>Why the probe cannot run here (no gcc, no headers), or null when it can.</summary>
    public static string? WhyUnavailable()
    {
        if (!File.Exists(Path.Combine(IncludeDirectory, "drm.h")))
            return $"{IncludeDirectory}/drm.h not found: install libdrm-dev (apt-get install -y libdrm-dev)";
        return FindGcc() is null ? "gcc not found on PATH: install gcc (apt-get install -y gcc)" : null;
    }

    /// <summary>Generates, compiles and runs the probe for the structs and ioctls of uapi-layouts.json.</summary>
    public static LibdrmProbe Run(IReadOnlyCollection<JsonStruct> structs, IReadOnlyCollection<string> ioctls)
    {
        var headers = Headers.Where(h => File.Exists(Path.Combine(IncludeDirectory, h))).ToList();
        var headerText = string.Join("\n", headers.Select(h => File.ReadAllText(Path.Combine(IncludeDirectory, h))));
        var version = LibdrmPackageVersion();
        var missing = new List<string>();
        var older = new HashSet<string>(StringComparer.Ordinal);
        var c = new StringBuilder();
        c.AppendLine("#include <stddef.h>\n#include <stdio.h>");
        foreach (var header in headers) c.AppendLine(CultureInfo.InvariantCulture, $"#include <{header}>");
        foreach (var header in Headers.Except(headers)) missing.Add($"header {header}: not in libdrm-dev {version}");
        c.AppendLine("#define FIELD(s, f) printf(\"F %s %s %zu %zu\\n\", #s, #f, offsetof(struct s, f), sizeof(((struct s *)0)->f))");
        c.AppendLine("int main(void) {");
        foreach (var s in structs.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var body = StructBody(headerText, s.Name);
            if (body is null) { missing.Add($"struct {s.Name}: not in libdrm-dev {version}"); continue; }
            c.AppendLine(CultureInfo.InvariantCulture, $"  printf(\"S %s %zu\\n\", \"{s.Name}\", sizeof(struct {s.Name}));");
            foreach (var f in s.Fields)
            {
                if (!Regex.IsMatch(body, $@"\b{Regex.Escape(f.Name)}\b"))
                {
                    missing.Add($"field {s.Name}.{f.Name}: not in libdrm-dev {version} (added by a newer kernel)");
                    older.Add(s.Name);
                }
                else if (f.BitSize is not null)
                    missing.Add($"field {s.Name}.{f.Name}: a bit-field, which offsetof cannot name (checked against the JSON only)");
                else
                    c.AppendLine(CultureInfo.InvariantCulture, $"  FIELD({s.Name}, {f.Name});");
            }
        }
        foreach (var ioctl in ioctls.Order(StringComparer.Ordinal))
        {
            if (!Regex.IsMatch(headerText, $@"#define\s+{Regex.Escape(ioctl)}\b")) { missing.Add($"ioctl {ioctl}: not in libdrm-dev {version}"); continue; }
            c.AppendLine(CultureInfo.InvariantCulture, $"  printf(\"I %s 0x%lx\\n\", \"{ioctl}\", (unsigned long){ioctl});");
        }
        c.AppendLine("  return 0;\n}");

        var dir = Directory.CreateTempSubdirectory("hil-libdrm-probe-");
        try
        {
            var source = Path.Combine(dir.FullName, "probe.c");
            var binary = Path.Combine(dir.FullName, "probe");
            File.WriteAllText(source, c.ToString());
            Execute(FindGcc()!, ["-std=gnu11", "-Wall", "-Werror", "-I", IncludeDirectory, "-o", binary, source], "compiling the libdrm probe");
            var output = Execute(binary, [], "running the libdrm probe");
            return Parse(output, version, missing, headers, older);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static LibdrmProbe Parse(string output, string version, List<string> missing, List<string> headers, HashSet<string> older)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        var fields = new Dictionary<(string, string), (int, int)>();
        var requests = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = line.Split(' ');
            switch (p[0])
            {
                case "S": sizes[p[1]] = int.Parse(p[2], CultureInfo.InvariantCulture); break;
                case "F": fields[(p[1], p[2])] = (int.Parse(p[3], CultureInfo.InvariantCulture), int.Parse(p[4], CultureInfo.InvariantCulture)); break;
                case "I": requests[p[1]] = uint.Parse(p[2].AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture); break;
                default: throw new FormatException($"unexpected probe output line \"{line}\"");
            }
        }
        return new LibdrmProbe
        {
            LibdrmVersion = version, StructSizes = sizes, Fields = fields, Requests = requests, Missing = missing, HeadersUsed = headers,
            OlderStructs = older,
        };
    }

    /// <summary>The text between the braces of <c>struct name {…}</c>, or null when the headers do not define it.</summary>
    private static string? StructBody(string headerText, string name)
    {
        var match = Regex.Match(headerText, $@"struct\s+{Regex.Escape(name)}\s*\{{");
        if (!match.Success) return null;
        int depth = 1, i = match.Index + match.Length;
        for (int start = i; i < headerText.Length; i++)
        {
            if (headerText[i] == '{') depth++;
            else if (headerText[i] == '}' && --depth == 0) return headerText[start..i];
        }
        return null;
    }

    private static string? FindGcc() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
        .Select(d => Path.Combine(d, "gcc")).FirstOrDefault(File.Exists);

    private static string LibdrmPackageVersion()
    {
        try { return Execute("dpkg-query", ["-W", "-f=${Version}", "libdrm-dev"], "asking dpkg for the libdrm-dev version").Trim(); }
        catch (InvalidOperationException) { return "(unknown version)"; }
        catch (System.ComponentModel.Win32Exception) { return "(unknown version)"; }
    }

    private static string Execute(string file, IReadOnlyList<string> args, string what)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{what}: could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000)) { process.Kill(); throw new InvalidOperationException($"{what}: {file} did not finish within 60 s"); }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{what}: {file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{stderr}");
        return stdout.Result;
    }
}
