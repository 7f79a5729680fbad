using System.Globalization;
using HilHarness.BoardAgent.Clients;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Session;

/// <summary>
/// Finds the DRM drivers of a board the way a person would: open each <c>/dev/dri/cardN</c> and
/// <c>renderDN</c> and ask DRM_IOCTL_VERSION. The k-th render node of a driver is paired with its k-th card (a
/// driver without render support, like vc4 KMS on a Pi 4, has none). No /dev/dri means no drivers.
/// </summary>
public static class DriverDiscovery
{
    public const string DriDirectory = "/dev/dri";

    public static IReadOnlyList<DriverInfo> Discover(IKernel kernel)
    {
        var entries = kernel.ListDirectory(DriDirectory, out _);
        if (entries is null) return [];
        var cards = Probe(kernel, entries, "card");
        var renders = Probe(kernel, entries, "renderD");
        var drivers = new List<DriverInfo>(cards.Count);
        foreach (var (path, version) in cards)
        {
            int index = drivers.Count(d => d.Name == version.Name);
            var render = renders.Where(r => r.Version.Name == version.Name).Select(r => r.Path).ElementAtOrDefault(index);
            drivers.Add(new DriverInfo(version.Name, path, render, version.Version, version.Date, version.Desc));
        }
        return drivers;
    }

    /// <summary>The nodes named <paramref name="prefix"/>N in number order, with their VERSION.</summary>
    private static List<(string Path, DrmVersionQuery.Result Version)> Probe(IKernel kernel, IReadOnlyList<string> entries, string prefix)
    {
        var found = new List<(string, DrmVersionQuery.Result)>();
        var numbered = entries
            .Where(e => e.StartsWith(prefix, StringComparison.Ordinal) && e.Length > prefix.Length
                        && e.AsSpan(prefix.Length).ContainsAnyExceptInRange('0', '9') == false)
            .OrderBy(e => long.Parse(e.AsSpan(prefix.Length), CultureInfo.InvariantCulture));
        foreach (var entry in numbered)
        {
            string path = DriDirectory + "/" + entry;
            var opened = kernel.Open(path, OpenFlags.ReadWrite | OpenFlags.CloseOnExec);
            if (!opened.Ok) continue;
            try
            {
                if (DrmVersionQuery.Query(kernel, (int)opened.Value) is { } version) found.Add((path, version));
            }
            finally
            {
                kernel.Close((int)opened.Value);
            }
        }
        return found;
    }
}
