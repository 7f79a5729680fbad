namespace HilHarness.Uapi;

/// <summary>The fields of uname(2) that matter here.</summary>
public sealed record Uname(string Sysname, string Nodename, string Release, string Version, string Machine)
{
    /// <summary>The kernel version from <see cref="Release"/> ("6.12.33-v8+" → 6.12.33), or null.</summary>
    public Version? KernelVersion => KernelRelease.Parse(Release);
}

/// <summary>Reads the numeric version out of a kernel release string.</summary>
public static class KernelRelease
{
    /// <summary>"6.12.33-v8+" → 6.12.33; "6.10.0-rc3" → 6.10.0; "7.1" → 7.1.0; garbage → null.</summary>
    public static Version? Parse(string release)
    {
        var parts = new List<int>(3);
        int i = 0;
        while (i < release.Length && parts.Count < 3)
        {
            int start = i;
            while (i < release.Length && char.IsAsciiDigit(release[i])) i++;
            if (i == start) break;
            parts.Add(int.Parse(release.AsSpan(start, i - start), System.Globalization.CultureInfo.InvariantCulture));
            if (i < release.Length && release[i] == '.') i++;
            else break;
        }
        if (parts.Count < 2) return null;
        return new Version(parts[0], parts[1], parts.Count > 2 ? parts[2] : 0);
    }
}
