using System.Globalization;
using System.Text;

namespace HilHarness.BoardAgent.Tests.Observers;

/// <summary>Text in the exact formats the kernel prints, built with the same field widths as its printf calls.</summary>
internal static class KernelText
{
    /// <summary>vc4_bo_stats_debugfs: <c>"%30s: %6dkb BOs (%d)\n"</c> per label.</summary>
    public static string BoStatsLine(string label, long kb, long count) =>
        string.Create(CultureInfo.InvariantCulture, $"{label,30}: {kb,6}kb BOs ({count})\n");

    public const string GemsLegend =
        "GEM state flags: imported (0x1), exported (0x2)\nGEM usage flags: kernel (0x1), fw-mapped (0x2)\n\n";

    public const string GemsHeader =
        "created-by                      global-name     refcount        size            resident-size   file-offset       state      usage       label\n" +
        "----------------------------------------------------------------------------------------------------------------------------------------------\n";

    /// <summary>panthor_gem_debugfs_bo_print: <c>"%-32s%-16d%-16d%-16zd%-16zd0x%-16lx"</c>, <c>"0x%-8x 0x%-10x"</c>, label.</summary>
    public static string GemLine(string creator, int name, int refcount, long size, long resident, ulong offset, uint state, uint usage, string label) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{creator,-32}{name,-16}{refcount,-16}{size,-16}{resident,-16}0x{offset,-16:x}0x{state,-8:x} 0x{usage,-10:x}{label}\n");

    public static string GemsFooter(long size, long resident, long reclaimable) =>
        new string('=', 142) + "\n" +
        string.Create(CultureInfo.InvariantCulture, $"Total size: {size}, Total resident: {resident}, Total reclaimable: {reclaimable}\n");

    public static string Gems(params string[] lines)
    {
        var text = new StringBuilder(GemsLegend).Append(GemsHeader);
        foreach (var line in lines) text.Append(line);
        return text.ToString();
    }
}
