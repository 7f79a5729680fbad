using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Tests.Observers;

/// <summary>An IKernel that serves fixed files, directories and kmsg records, for observer tests; everything else
/// fails the way a missing file does.</summary>
internal sealed class FakeFileKernel : IKernel
{
    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, IReadOnlyList<string>> Directories { get; } = new(StringComparer.Ordinal);
    public List<string> Kmsg { get; } = [];
    public Errno KmsgErrno { get; set; } = Errno.None;

    public string Description => "fake";
    public Uname Uname() => new("Linux", "fake", "6.12.0", "#1", "aarch64");
    public SyscallResult Open(string path, OpenFlags flags) => SyscallResult.Fail(Errno.ENOENT);
    public SyscallResult Close(int fd) => SyscallResult.Fail(Errno.EBADF);
    public SyscallResult Ioctl(int fd, uint request, Span<byte> arg) => SyscallResult.Fail(Errno.EBADF);
    public SyscallResult Mmap(int fd, ulong offset, ulong length, MapProtection protection) => SyscallResult.Fail(Errno.EBADF);
    public SyscallResult Munmap(nint address, ulong length) => SyscallResult.Fail(Errno.EINVAL);
    public TextReadResult ReadText(string path, int maxBytes = 1 << 20) =>
        Files.TryGetValue(path, out var text) ? new TextReadResult(text, Errno.None) : new TextReadResult(null, Errno.ENOENT);

    public IReadOnlyList<string>? ListDirectory(string path, out Errno errno)
    {
        errno = Directories.ContainsKey(path) ? Errno.None : Errno.ENOENT;
        return Directories.GetValueOrDefault(path);
    }

    public IReadOnlyList<string>? ReadKmsg(ulong fromSequence, out Errno errno)
    {
        errno = KmsgErrno;
        if (errno != Errno.None) return null;
        return Kmsg.Where(r => ulong.Parse(r.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) >= fromSequence).ToList();
    }

    public long MonotonicNs() => 1;
    public SyscallResult WriteKmsg(string line) => SyscallResult.Fail(Errno.EPERM);
    public void Dispose() { }
}
