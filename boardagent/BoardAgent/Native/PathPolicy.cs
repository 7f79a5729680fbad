namespace HilHarness.BoardAgent.Native;

/// <summary>
/// Where the agent may look. It may run as root on a board, so a request naming any other file is refused before
/// the file system is touched: open(2) only device nodes under /dev/dri/, reads only procfs, sysfs and debugfs,
/// directory listings only the three places device discovery and observers need. A path is checked twice: as
/// written (absolute, no "." or ".." segments) and after realpath(3), so a symlink cannot lead outside.
/// </summary>
internal sealed class PathPolicy
{
    internal static PathPolicy Default { get; } = new(
        openPrefixes: ["/dev/dri/"],
        readPrefixes: ["/sys/kernel/debug/", "/proc/", "/sys/"],
        listRoots: ["/dev/dri", "/sys/kernel/debug/dri", "/sys/bus/platform/devices"]);

    private readonly IReadOnlyList<string> openPrefixes;
    private readonly IReadOnlyList<string> readPrefixes;
    private readonly IReadOnlyList<string> listRoots;

    internal PathPolicy(IReadOnlyList<string> openPrefixes, IReadOnlyList<string> readPrefixes, IReadOnlyList<string> listRoots)
    {
        this.openPrefixes = openPrefixes;
        this.readPrefixes = readPrefixes;
        this.listRoots = listRoots;
    }

    /// <summary>May open(2) be called on this path (a device node under /dev/dri/)?</summary>
    internal bool MayOpen(string path) => IsPlain(path) && HasPrefix(path, openPrefixes);

    /// <summary>May this text file be read (procfs, sysfs, debugfs)?</summary>
    internal bool MayRead(string path) => IsPlain(path) && HasPrefix(path, readPrefixes);

    /// <summary>May this directory be listed (one of the roots or a directory below one)?</summary>
    internal bool MayList(string path)
    {
        if (!IsPlain(path)) return false;
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        foreach (var root in listRoots)
        {
            if (trimmed == root || trimmed.StartsWith(root + "/", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Absolute, no empty, "." or ".." segment, no NUL: the written path is the path that is checked.</summary>
    private static bool IsPlain(string path)
    {
        if (path.Length == 0 || path[0] != '/' || path.Contains('\0', StringComparison.Ordinal)) return false;
        var segments = path.Split('/');
        for (int i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment is "." or "..") return false;
            // An empty segment is "//" in the middle; a trailing "/" leaves one empty last segment, which is harmless.
            if (segment.Length == 0 && i != segments.Length - 1) return false;
        }
        return true;
    }

    private static bool HasPrefix(string path, IReadOnlyList<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length) return true;
        }
        return false;
    }
}
