using System.Globalization;

namespace HilHarness.SimKernel.Core;

/// <summary>
/// kmemleak (mm/kmemleak.c) for the simulated kernel: drivers report memory they allocated and lost (a regression's
/// missing kfree), and the automatic scan thread reports them the way a CONFIG_DEBUG_KMEMLEAK kernel does. The thread
/// scans first 60 s after boot (SECS_FIRST_SCAN) and then every 600 s (SECS_SCAN_WAIT); an object is reported only
/// once it is at least 5 s old (MSECS_MIN_AGE), and only once. A scan that finds new leaks prints one pr_info line,
/// "kmemleak: N new suspected memory leaks (see /sys/kernel/debug/kmemleak)"; one that finds none prints nothing.
/// The scan timer is armed only while an unreported leak exists, so a kernel that leaks nothing has no extra timer.
/// </summary>
public sealed class SimKmemleak(SimClock clock, SimKmsg kmsg)
{
    public const long FirstScanNs = 60_000_000_000, ScanPeriodNs = 600_000_000_000, MinAgeNs = 5_000_000_000;

    private readonly List<LeakedObject> unreported = [];
    private long? scanTimer;

    /// <summary>Leaks reported by a scan so far.</summary>
    public int Reported { get; private set; }

    /// <summary>Leaks not reported yet (too young, or no scan since).</summary>
    public int Unreported => unreported.Count;

    /// <summary>Memory of <paramref name="size"/> bytes, allocated by <paramref name="allocatedBy"/>, that nothing
    /// frees or points to any more.</summary>
    public void Leak(long size, string allocatedBy)
    {
        unreported.Add(new LeakedObject(clock.NowNs, size, allocatedBy));
        scanTimer ??= clock.At(NextScanAt(clock.NowNs), Scan);
    }

    /// <summary>The first automatic scan at or after <paramref name="ns"/>: 60 s, 660 s, 1260 s, … after boot.</summary>
    public static long NextScanAt(long ns)
    {
        if (ns <= FirstScanNs) return FirstScanNs;
        long periods = (ns - FirstScanNs + ScanPeriodNs - 1) / ScanPeriodNs;
        return FirstScanNs + periods * ScanPeriodNs;
    }

    private void Scan()
    {
        scanTimer = null;
        long now = clock.NowNs;
        int found = unreported.RemoveAll(o => now - o.AllocatedNs >= MinAgeNs);
        if (found > 0)
        {
            Reported += found;
            kmsg.Log(SimKmsg.Info, string.Create(CultureInfo.InvariantCulture,
                $"kmemleak: {found} new suspected memory leaks (see /sys/kernel/debug/kmemleak)"));
        }
        if (unreported.Count > 0) scanTimer = clock.At(NextScanAt(now + 1), Scan);
    }

    /// <summary>For state dumps: "2 unreported (vc4_save_hang_state 152 B, …), 1 reported".</summary>
    public string Describe() => unreported.Count == 0 && Reported == 0
        ? "none"
        : string.Create(CultureInfo.InvariantCulture,
            $"{unreported.Count} unreported ({string.Join(", ", unreported.Select(o => $"{o.AllocatedBy} {o.Size} B"))}), {Reported} reported");

    private sealed record LeakedObject(long AllocatedNs, long Size, string AllocatedBy);
}
