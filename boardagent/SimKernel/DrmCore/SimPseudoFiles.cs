using System.Globalization;
using System.Text;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>
/// The text files and directories the agent reads on a board, routed to their simulated owners: /dev/dri,
/// debugfs dri/&lt;minor|unique&gt;/* (the driver; root only), /proc/self/fdinfo/N (generic lines plus the driver's
/// show_fdinfo), /proc/sys/kernel/tainted, /proc/meminfo (CMA from the allocator), /proc/self/status (the caller's
/// uid) and other /sys files (the driver). Everything else does not exist (ENOENT).
/// </summary>
internal sealed class SimPseudoFiles(DrmDevice device)
{
    private const string DebugfsDri = "/sys/kernel/debug/dri", Debugfs = "/sys/kernel/debug/", Fdinfo = "/proc/self/fdinfo/";

    private SimMachine Machine => device.Machine;

    private ISimDriver Driver => device.Driver;

    /// <summary>The names in <paramref name="path"/>, or an errno.</summary>
    public IReadOnlyList<string>? List(string path, out Errno errno)
    {
        errno = Errno.None;
        path = path.TrimEnd('/');
        switch (path)
        {
            case "/dev/dri":
                return Driver.HasRenderNode ? ["card0", "renderD128"] : ["card0"];
            case DebugfsDri:
                if (!Machine.Options.IsRoot) { errno = Errno.EACCES; return null; }
                return Driver.HasRenderNode ? ["0", "128", device.UniqueName] : ["0", device.UniqueName];
            case "/sys/bus/platform/devices":
                // Where the agent finds the V3D's power/runtime_status (its sysfs files are the driver's).
                return Driver.Name switch { "vc4" => ["3fc00000.v3d", "soc:gpu"], "panthor" => ["fb000000.gpu"], _ => [] };
            case "/proc/self/fdinfo":
                var fds = new List<string>();
                foreach (var (fd, _) in device.Fds.Open()) fds.Add(fd.ToString(CultureInfo.InvariantCulture));
                return fds;
            default:
                errno = Errno.ENOENT;
                return null;
        }
    }

    /// <summary>The whole text of <paramref name="path"/>, or an errno.</summary>
    public TextReadResult Read(string path)
    {
        if (path.StartsWith(DebugfsDri + "/", StringComparison.Ordinal)) return ReadDebugfs(path[(DebugfsDri.Length + 1)..]);
        if (path.StartsWith(Debugfs, StringComparison.Ordinal)) return Missing;
        if (path.StartsWith(Fdinfo, StringComparison.Ordinal)) return ReadFdinfo(path[Fdinfo.Length..]);
        switch (path)
        {
            case "/proc/sys/kernel/tainted":
                return new(((ulong)Machine.Tainted).ToString(CultureInfo.InvariantCulture) + "\n", Errno.None);
            case "/proc/meminfo":
                return new(Meminfo(), Errno.None);
            case "/proc/self/status":
                return new(Status(), Errno.None);
        }
        if (path.StartsWith("/sys/", StringComparison.Ordinal))
        {
            var text = Driver.ReadSysfs(path);
            return text is null ? Missing : new(text, Errno.None);
        }
        return Missing;
    }

    private static TextReadResult Missing => new(null, Errno.ENOENT);

    private TextReadResult ReadDebugfs(string relative)
    {
        int slash = relative.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0) return Missing;
        var directory = relative[..slash];
        var name = relative[(slash + 1)..];
        bool known = directory == "0" || directory == device.UniqueName || (directory == "128" && Driver.HasRenderNode);
        if (!known || name.Length == 0 || name.Contains('/', StringComparison.Ordinal)) return Missing;
        if (!Machine.Options.IsRoot) return new(null, Errno.EACCES);
        var text = Driver.ReadDebugfs(name);
        return text is null ? Missing : new(text, Errno.None);
    }

    private TextReadResult ReadFdinfo(string fdText)
    {
        if (!int.TryParse(fdText, NumberStyles.None, CultureInfo.InvariantCulture, out var fd)) return Missing;
        var open = device.Fds.Get(fd);
        if (open is null) return Missing;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"pos:\t0\nflags:\t0{Convert.ToString(FileFlags(open.Flags), 8)}\n");
        // DRM nodes live on devtmpfs; dma-bufs and syncobj files on anon_inodefs.
        text.Append(CultureInfo.InvariantCulture, $"mnt_id:\t{(open is DrmOpenFile ? 24 : 15)}\nino:\t{open.Inode}\n");
        text.Append(open.FdinfoTail());
        return new(text.ToString(), Errno.None);
    }

    // f_flags as fdinfo prints them: open flags plus O_LARGEFILE, whose value is architecture specific.
    private long FileFlags(OpenFlags flags)
    {
        long largeFile = Machine.Profile.Machine is "aarch64" or "armv7l" or "armv6l" ? 0x20000 : 0x8000;
        return (long)flags | largeFile;
    }

    /// <summary>The uid the simulated caller has when it is not root (the first regular user on Debian).</summary>
    public const int UnprivilegedUid = 1000;

    // fs/proc/array.c task_state(): the caller's credentials, so an agent reports the uid whose permissions the
    // simulated DRM core enforces (DRM_ROOT_ONLY, debugfs). "Uid:" is real, effective, saved, filesystem.
    private string Status()
    {
        int uid = Machine.Options.IsRoot ? 0 : UnprivilegedUid;
        return string.Create(CultureInfo.InvariantCulture,
            $"Name:\thil-agent\nUmask:\t0022\nState:\tR (running)\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\nGid:\t{uid}\t{uid}\t{uid}\t{uid}\n");
    }

    // fs/proc/meminfo.c: "Name:" padded to 16 columns, the value right-aligned in 8, then " kB".
    private string Meminfo()
    {
        var allocator = Machine.Allocator;
        var text = new StringBuilder();
        void Line(string name, long bytes) =>
            text.Append(CultureInfo.InvariantCulture, $"{(name + ":").PadRight(16)}{bytes / 1024,8} kB\n");
        long memTotal = Math.Max(allocator.CmaTotal * 4, 1L << 30);
        Line("MemTotal", memTotal);
        Line("MemFree", memTotal / 2);
        Line("MemAvailable", memTotal / 2);
        Line("CmaTotal", allocator.CmaTotal);
        Line("CmaFree", allocator.CmaFree);
        return text.ToString();
    }
}
