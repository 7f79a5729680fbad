using System.Runtime.InteropServices;
using System.Text;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.BoardAgent.Tests.Protocol;

/// <summary>
/// An IKernel for protocol tests: optional DRM cards that answer DRM_IOCTL_VERSION with a driver name, every other
/// ioctl recorded (request and struct bytes as sent) and answered by <see cref="OnIoctl"/>, and nothing else on
/// the machine (no /proc, no debugfs, no kmsg).
/// </summary>
public sealed class FakeKernel(params string[] cardDrivers) : IKernel
{
    private readonly Dictionary<int, string> open = [];
    private int nextFd = 3;

    /// <summary>Each non-VERSION ioctl as (fd, request, bytes the agent sent).</summary>
    public List<(int Fd, uint Request, byte[] Sent)> Calls { get; } = [];

    /// <summary>Answers a non-VERSION ioctl; may change the struct (the kernel's copy back). Default: success.</summary>
    public Func<int, uint, Span<byte>, SyscallResult>? OnIoctl { get; set; }

    public string Description => "fake";

    public Uname Uname() => new("Linux", "fakehost", "6.12.0-fake", "#1", "x86_64");

    public SyscallResult Open(string path, OpenFlags flags)
    {
        for (int i = 0; i < cardDrivers.Length; i++)
        {
            if (path == $"/dev/dri/card{i}" || path == $"/dev/dri/renderD{128 + i}")
            {
                open[nextFd] = cardDrivers[i];
                return SyscallResult.Success(nextFd++);
            }
        }
        return SyscallResult.Fail(Errno.ENOENT);
    }

    public SyscallResult Close(int fd) => open.Remove(fd) ? SyscallResult.Success() : SyscallResult.Fail(Errno.EBADF);

    public SyscallResult Ioctl(int fd, uint request, Span<byte> arg)
    {
        if (!open.TryGetValue(fd, out var driver)) return SyscallResult.Fail(Errno.EBADF);
        if (request == DrmIoctls.Version.Request) return Version(driver, arg);
        Calls.Add((fd, request, arg.ToArray()));
        return OnIoctl?.Invoke(fd, request, arg) ?? SyscallResult.Success();
    }

    private static SyscallResult Version(string driver, Span<byte> arg)
    {
        ref var v = ref MemoryMarshal.AsRef<drm_version>(arg);
        v.version_major = 1;
        v.version_minor = 2;
        v.version_patchlevel = 3;
        Copy(Encoding.ASCII.GetBytes(driver), ref v.name, ref v.name_len);
        Copy("20250101"u8, ref v.date, ref v.date_len);
        Copy(Encoding.ASCII.GetBytes(driver + " fake"), ref v.desc, ref v.desc_len);
        return SyscallResult.Success();
    }

    /// <summary>drm_copy_field: copies up to the caller's length, then reports the full length.</summary>
    private static void Copy(ReadOnlySpan<byte> text, ref nint pointer, ref nuint length)
    {
        int n = (int)Math.Min((nuint)text.Length, length);
        if (pointer != 0 && n > 0) UserMemory.TryWrite((ulong)pointer, text[..n]);
        length = (nuint)text.Length;
    }

    public SyscallResult Mmap(int fd, ulong offset, ulong length, MapProtection protection)
    {
        if (!open.ContainsKey(fd)) return SyscallResult.Fail(Errno.EBADF);
        return SyscallResult.Success(UserMemory.Allocate((int)length).Address);
    }

    public SyscallResult Munmap(nint address, ulong length) => SyscallResult.Success();

    public TextReadResult ReadText(string path, int maxBytes = 1 << 20) => new(null, Errno.ENOENT);

    public IReadOnlyList<string>? ListDirectory(string path, out Errno errno)
    {
        errno = Errno.None;
        if (path == "/dev/dri" && cardDrivers.Length > 0)
            return [.. cardDrivers.Select((_, i) => $"card{i}"), .. cardDrivers.Select((_, i) => $"renderD{128 + i}")];
        errno = Errno.ENOENT;
        return null;
    }

    public IReadOnlyList<string>? ReadKmsg(ulong fromSequence, out Errno errno)
    {
        errno = Errno.EACCES;
        return null;
    }

    public long MonotonicNs() => 1_000_000;

    public SyscallResult WriteKmsg(string line) => SyscallResult.Success();

    public void Dispose()
    {
    }
}
