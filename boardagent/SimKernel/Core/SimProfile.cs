using System.Text.Json;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Core;

/// <summary>
/// A simulated kernel: which driver, which kernel and driver version, the hardware facts the driver reads, and the
/// injected regressions and planned faults. Named profiles ship as embedded JSON (Profiles/*.json); a spec such as
/// <c>rk3588-6.18+E10+E15</c> adds regressions to one, and a path to a .json file loads a custom profile.
/// </summary>
public sealed record SimProfile
{
    public required string Name { get; init; }

    /// <summary>"vc4" or "panthor".</summary>
    public required string Driver { get; init; }

    /// <summary>uname -r, e.g. "6.12.33-v8+".</summary>
    public required string KernelRelease { get; init; }

    /// <summary>uname -m, e.g. "aarch64" or "armv7l".</summary>
    public string Machine { get; init; } = "aarch64";

    public string HardwareName { get; init; } = "Simulated board";

    public int DriverMajor { get; init; }
    public int DriverMinor { get; init; }
    public int DriverPatch { get; init; }
    public string DriverDate { get; init; } = "";
    public string DriverDescription { get; init; } = "";

    /// <summary>Size of the CMA pool the driver allocates from.</summary>
    public long CmaBytes { get; init; } = 256L << 20;

    /// <summary>GPU L2 cache line size in bytes (panthor: 1 &lt;&lt; (l2_features &amp; 0xff)).</summary>
    public int L2LineSize { get; init; } = 64;

    /// <summary>CPU page size.</summary>
    public int PageSize { get; init; } = 4096;

    public IReadOnlySet<Regression> Regressions { get; init; } = new HashSet<Regression>();

    public IReadOnlyList<FaultSpec> Faults { get; init; } = [];

    /// <summary>The numeric kernel version.</summary>
    public Version KernelVersion => Uapi.KernelRelease.Parse(KernelRelease) ?? new Version(0, 0);

    /// <summary>The spec string that reproduces this profile: name plus "+E…" for each added regression.</summary>
    public string Spec => Name + string.Concat(Regressions.OrderBy(r => r).Select(r => "+" + Core.Regressions.Key(r)));

    /// <summary>Names of the profiles built in.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = typeof(SimProfile).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("profiles/", StringComparison.Ordinal))
        .Select(n => Path.GetFileNameWithoutExtension(n["profiles/".Length..])).Order().ToList();

    /// <summary>
    /// Resolves "rpi3-6.12", "rk3588-6.18+E10+E15" or "/path/profile.json[+E…]". Errors name the spec and what was
    /// expected.
    /// </summary>
    public static SimProfile Resolve(string spec)
    {
        var parts = spec.Split('+');
        var head = parts[0];
        SimProfile profile;
        if (head.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(head)) throw new SimProfileException($"simulated kernel '{spec}': profile file '{head}' does not exist");
            profile = Parse(File.ReadAllText(head), head);
        }
        else
        {
            using var stream = typeof(SimProfile).Assembly.GetManifestResourceStream($"profiles/{head}.json")
                ?? throw new SimProfileException(
                    $"simulated kernel '{spec}': no profile named '{head}'; expected one of {string.Join(", ", BuiltInNames)} or a path to a .json profile");
            using var reader = new StreamReader(stream);
            profile = Parse(reader.ReadToEnd(), $"built-in profile {head}");
        }
        var regressions = new HashSet<Regression>(profile.Regressions);
        foreach (var part in parts.Skip(1))
        {
            if (!Core.Regressions.TryParse(part, out var r))
                throw new SimProfileException(
                    $"simulated kernel '{spec}': unknown regression '{part}'; expected one of {string.Join(", ", Core.Regressions.All.Select(Core.Regressions.Key))}");
            if (Core.Regressions.Driver(r) != profile.Driver)
                throw new SimProfileException(
                    $"simulated kernel '{spec}': regression {Core.Regressions.Key(r)} is a {Core.Regressions.Driver(r)} bug but profile '{profile.Name}' simulates {profile.Driver}");
            regressions.Add(r);
        }
        return profile with { Regressions = regressions };
    }

    /// <summary>Parses a profile document; <paramref name="source"/> names it in errors.</summary>
    public static SimProfile Parse(string json, string source)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new SimProfileException($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new SimProfileException($"{source}: expected a JSON object");
            string Str(string field, string? fallback = null)
            {
                if (root.TryGetProperty(field, out var v))
                {
                    if (v.ValueKind != JsonValueKind.String) throw new SimProfileException($"{source}: field '{field}' must be a string");
                    return v.GetString()!;
                }
                return fallback ?? throw new SimProfileException($"{source}: missing field '{field}'");
            }
            long Num(string field, long fallback)
            {
                if (!root.TryGetProperty(field, out var v)) return fallback;
                if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n < 0)
                    throw new SimProfileException($"{source}: field '{field}' must be a non-negative integer");
                return n;
            }
            var driver = Str("driver");
            if (driver is not ("vc4" or "panthor")) throw new SimProfileException($"{source}: field 'driver' must be \"vc4\" or \"panthor\", not \"{driver}\"");
            var regressions = new HashSet<Regression>();
            if (root.TryGetProperty("regressions", out var regs))
            {
                foreach (var r in regs.EnumerateArray())
                {
                    if (!Core.Regressions.TryParse(r.GetString() ?? "", out var reg))
                        throw new SimProfileException($"{source}: unknown regression '{r}' in 'regressions'");
                    regressions.Add(reg);
                }
            }
            var faults = new List<FaultSpec>();
            if (root.TryGetProperty("faults", out var fs))
            {
                foreach (var f in fs.EnumerateArray())
                {
                    var kind = f.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "";
                    if (!FaultSpec.Kinds.Contains(kind))
                        throw new SimProfileException($"{source}: fault kind '{kind}' unknown; expected one of {string.Join(", ", FaultSpec.Kinds)}");
                    faults.Add(new FaultSpec(kind,
                        f.TryGetProperty("nth", out var nth) ? nth.GetInt32() : 1,
                        f.TryGetProperty("bytes", out var b) ? b.GetInt64() : 0,
                        f.TryGetProperty("op", out var op) ? op.GetString() : null));
                }
            }
            var version = Str("driverVersion", "0.0.0").Split('.');
            int V(int i) => i < version.Length && int.TryParse(version[i], out var n) ? n : 0;
            return new SimProfile
            {
                Name = Str("name"),
                Driver = driver,
                KernelRelease = Str("kernelRelease"),
                Machine = Str("machine", "aarch64"),
                HardwareName = Str("hardware", "Simulated board"),
                DriverMajor = V(0),
                DriverMinor = V(1),
                DriverPatch = V(2),
                DriverDate = Str("driverDate", ""),
                DriverDescription = Str("driverDescription", ""),
                CmaBytes = Num("cmaBytes", 256L << 20),
                L2LineSize = (int)Num("l2LineSize", 64),
                PageSize = (int)Num("pageSize", 4096),
                Regressions = regressions,
                Faults = faults,
            };
        }
    }
}

/// <summary>A profile or spec that cannot be used; the message names it and says what was expected.</summary>
public sealed class SimProfileException(string message) : Exception(message);
