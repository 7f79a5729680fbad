using System.Globalization;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Observers;

/// <summary>
/// Reads the observation sources of docs/protocol.md through an <see cref="IKernel"/> (the real kernel or a
/// simulated one) and parses them. It never throws for a source: a missing file, a refused read or malformed text
/// becomes that source's <c>unavailable</c> reason. It remembers where the last kmsg read stopped, so successive
/// observes see each record once.
/// </summary>
public sealed class ObservationReader(IKernel kernel)
{
    private const string DebugfsDri = "/sys/kernel/debug/dri";
    private const string PlatformDevices = "/sys/bus/platform/devices";
    private ulong nextKmsgSequence;
    private readonly LastParse<BoStats> boStats = new(BoStatsParser.Parse);
    private readonly LastParse<GemsReport> gems = new(GemsParser.Parse);
    private readonly LastParse<FdInfo> fdInfo = new(FdInfoParser.Parse);

    /// <summary>Reads the named sources. <paramref name="fd"/> is needed by fdinfo; <paramref name="kmsgFrom"/>
    /// overrides where kmsg starts. Unknown names are the caller's bug (check <see cref="ObservationSources.IsKnown"/>).</summary>
    public Observations Read(IEnumerable<string> what, int? fd = null, ulong? kmsgFrom = null)
    {
        var result = new Observations();
        foreach (var name in what)
        {
            result = name switch
            {
                ObservationSources.BoStats => result with { BoStats = ReadBoStats() },
                ObservationSources.Gems => result with { Gems = ReadGems() },
                ObservationSources.FdInfo => result with { FdInfo = ReadFdInfo(fd) },
                ObservationSources.Kmsg => result with { Kmsg = ReadKmsg(kmsgFrom) },
                ObservationSources.Taint => result with { Taint = ReadTaint() },
                ObservationSources.RuntimePm => result with { RuntimePm = ReadRuntimePm() },
                ObservationSources.Meminfo => result with { Meminfo = ReadMeminfo() },
                _ => throw new ArgumentException(
                    $"unknown observation source \"{name}\"; known: {string.Join(", ", ObservationSources.All)}", nameof(what)),
            };
        }
        return result;
    }

    /// <summary>vc4 <c>bo_stats</c> from the first DRM minor under debugfs that has one.</summary>
    public BoStats ReadBoStats() => Guard(
        () => ReadDebugfsFile("bo_stats", out var reason) is { } text ? boStats.Parse(text) : BoStats.NotAvailable(reason),
        BoStats.NotAvailable);

    /// <summary>panthor <c>gems</c> from the first DRM minor under debugfs that has one.</summary>
    public GemsReport ReadGems() => Guard(
        () => ReadDebugfsFile("gems", out var reason) is { } text ? gems.Parse(text) : GemsReport.NotAvailable(reason),
        GemsReport.NotAvailable);

    public FdInfo ReadFdInfo(int? fd) => Guard(() =>
    {
        if (fd is not { } number) return FdInfo.NotAvailable("fdinfo needs the fd of an open DRM file (args.fd)");
        var path = "/proc/self/fdinfo/" + number.ToString(CultureInfo.InvariantCulture);
        var read = kernel.ReadText(path);
        return read.Text is { } text ? fdInfo.Parse(text) : FdInfo.NotAvailable(Refused(path, read.Errno));
    }, FdInfo.NotAvailable);

    /// <summary>The kmsg records from <paramref name="from"/>, or from where the previous read stopped.</summary>
    public KmsgReport ReadKmsg(ulong? from) => Guard(() =>
    {
        ulong start = from ?? nextKmsgSequence;
        var raw = kernel.ReadKmsg(start, out var errno);
        if (raw is null) return KmsgReport.NotAvailable(Refused("/dev/kmsg", errno));
        var report = KmsgParser.Parse(raw, start);
        if (report.NextSeq is { } next) nextKmsgSequence = next;
        return report;
    }, KmsgReport.NotAvailable);

    public TaintReport ReadTaint() => Guard(() =>
    {
        const string path = "/proc/sys/kernel/tainted";
        var read = kernel.ReadText(path);
        return read.Text is { } text ? TaintParser.Parse(text) : TaintReport.NotAvailable(Refused(path, read.Errno));
    }, TaintReport.NotAvailable);

    /// <summary>power/runtime_status of the first platform device whose name contains "v3d".</summary>
    public RuntimePmStatus ReadRuntimePm() => Guard(() =>
    {
        var devices = kernel.ListDirectory(PlatformDevices, out var errno);
        if (devices is null) return RuntimePmStatus.NotAvailable(Refused(PlatformDevices, errno));
        var v3d = devices.FirstOrDefault(d => d.Contains("v3d", StringComparison.Ordinal));
        if (v3d is null) return RuntimePmStatus.NotAvailable($"no platform device named *v3d* in {PlatformDevices}");
        var path = $"{PlatformDevices}/{v3d}/power/runtime_status";
        var read = kernel.ReadText(path);
        if (read.Text is not { } text) return RuntimePmStatus.NotAvailable(Refused(path, read.Errno));
        var status = text.Trim();
        if (status.Length == 0 || status.Contains(' ', StringComparison.Ordinal))
            return RuntimePmStatus.NotAvailable($"{path}: expected one word such as \"active\", got \"{status}\"");
        return new RuntimePmStatus { Status = status, Device = v3d };
    }, RuntimePmStatus.NotAvailable);

    public CmaInfo ReadMeminfo() => Guard(() =>
    {
        const string path = "/proc/meminfo";
        var read = kernel.ReadText(path);
        return read.Text is { } text ? MeminfoParser.Parse(text) : CmaInfo.NotAvailable(Refused(path, read.Errno));
    }, CmaInfo.NotAvailable);

    /// <summary>
    /// The first <c>/sys/kernel/debug/dri/&lt;minor&gt;/&lt;file&gt;</c> that can be read. The numeric entries are
    /// symlinks to the per-device directory (kernel-facts A.8); vc4 and panthor each create their file only there.
    /// </summary>
    private string? ReadDebugfsFile(string file, out string reason)
    {
        var entries = kernel.ListDirectory(DebugfsDri, out var errno);
        if (entries is null)
        {
            reason = $"debugfs not available: {Refused(DebugfsDri, errno)} (is debugfs mounted and the agent root?)";
            return null;
        }
        var minors = entries.Where(e => e.Length > 0 && e.All(char.IsAsciiDigit))
            .OrderBy(e => int.Parse(e, CultureInfo.InvariantCulture)).ToList();
        var failures = new List<string>();
        foreach (var minor in minors)
        {
            var path = $"{DebugfsDri}/{minor}/{file}";
            var read = kernel.ReadText(path);
            if (read.Text is { } text) { reason = ""; return text; }
            failures.Add($"{minor}: {ErrnoNames.Name((int)read.Errno)}");
        }
        reason = minors.Count == 0
            ? $"no DRM minors under {DebugfsDri}"
            : $"no DRM minor under {DebugfsDri} has {file} (tried {string.Join(", ", failures)})";
        return null;
    }

    private static string Refused(string path, Errno errno) => $"{path}: {ErrnoNames.Name((int)errno)}";

    /// <summary>A bug in a parser or a kernel implementation must not take the agent down with it: it becomes the
    /// source's unavailable reason, which names the exception.</summary>
    private static T Guard<T>(Func<T> read, Func<string, T> unavailable)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return unavailable($"internal error while reading: {e.GetType().Name}: {e.Message}");
        }
    }
}
