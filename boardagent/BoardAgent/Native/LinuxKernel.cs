using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Native;

/// <summary>
/// The real kernel: libc system calls through <see cref="Libc"/>. Failures come back as errno values, never as
/// exceptions. Every descriptor this object opens is held in a <see cref="FileDescriptorHandle"/> and only those
/// numbers are accepted by Ioctl, Mmap and Close, so a protocol request can never reach the agent's own stdin,
/// stdout or an unrelated file. Paths go through <see cref="PathPolicy"/> before the file system is touched.
/// </summary>
public sealed class LinuxKernel : IKernel
{
    private const int KmsgRecordMax = 16 * 1024; // > CONSOLE_EXT_LOG_MAX (8 KiB); a smaller buffer gets EINVAL.
    private const string KmsgPath = "/dev/kmsg";

    private readonly ConcurrentDictionary<int, FileDescriptorHandle> descriptors = new();
    private readonly PathPolicy policy;

    public LinuxKernel() : this(PathPolicy.Default) { }

    /// <summary>A kernel with another path policy: tests use it to reach a non-DRM device such as /dev/null.</summary>
    internal LinuxKernel(PathPolicy policy) => this.policy = policy;

    public string Description => "linux";

    public unsafe Uname Uname()
    {
        const int size = Libc.UtsFieldLength * Libc.UtsFieldCount;
        byte* buffer = stackalloc byte[size];
        int rc = Libc.Uname(buffer);
        int errno = Marshal.GetLastPInvokeError();
        if (rc != 0) throw new InvalidOperationException($"uname(2) failed with errno {ErrnoNames.Name(errno)}");
        string Field(int index) => Marshal.PtrToStringUTF8((nint)(buffer + index * Libc.UtsFieldLength)) ?? "";
        return new Uname(Field(0), Field(1), Field(2), Field(3), Field(4));
    }

    public SyscallResult Open(string path, OpenFlags flags)
    {
        if (!policy.MayOpen(path)) return SyscallResult.Fail(Errno.EACCES);
        var resolved = Resolve(path, out var resolveErrno);
        if (resolved is null) return SyscallResult.Fail(resolveErrno);
        if (!policy.MayOpen(resolved)) return SyscallResult.Fail(Errno.EACCES);
        var result = OpenRaw(resolved, (int)(flags | OpenFlags.CloseOnExec));
        if (!result.Ok) return result;
        var handle = new FileDescriptorHandle((int)result.Value);
        descriptors[handle.Number] = handle;
        return result;
    }

    /// <summary>
    /// Takes ownership of a descriptor the kernel created for this process (the dma-buf fd of PRIME_HANDLE_TO_FD,
    /// a syncobj fd) so that Close and Mmap accept it. Descriptors 0–2 are the agent's own streams and refused.
    /// </summary>
    public bool TrackDescriptor(int fd)
    {
        if (fd <= 2) return false;
        return descriptors.TryAdd(fd, new FileDescriptorHandle(fd));
    }

    public SyscallResult Close(int fd)
    {
        if (!descriptors.TryRemove(fd, out var handle)) return SyscallResult.Fail(Errno.EBADF);
        handle.Dispose();
        // When another thread still uses the descriptor, close(2) runs once it lets go; this close then succeeds.
        return handle.CloseErrno == 0 ? SyscallResult.Success() : SyscallResult.Fail((Errno)handle.CloseErrno);
    }

    public unsafe SyscallResult Ioctl(int fd, uint request, Span<byte> arg)
    {
        if (!descriptors.TryGetValue(fd, out var handle)) return SyscallResult.Fail(Errno.EBADF);
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            fixed (byte* argument = arg)
            {
                while (true)
                {
                    int rc = Libc.Ioctl(fd, request, argument);
                    int errno = Marshal.GetLastPInvokeError();
                    if (rc != -1) return SyscallResult.Success(rc);
                    // libdrm's drmIoctl retries exactly these two: a signal or a driver asking to be called again.
                    if (errno is (int)Errno.EINTR or (int)Errno.EAGAIN) continue;
                    return SyscallResult.Fail((Errno)errno);
                }
            }
        }
        catch (ObjectDisposedException)
        {
            return SyscallResult.Fail(Errno.EBADF);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    public SyscallResult Mmap(int fd, ulong offset, ulong length, MapProtection protection)
    {
        if (!descriptors.TryGetValue(fd, out var handle)) return SyscallResult.Fail(Errno.EBADF);
        if (offset > long.MaxValue || length > nuint.MaxValue) return SyscallResult.Fail(Errno.EINVAL);
        int prot = (protection.HasFlag(MapProtection.Read) ? Libc.ProtRead : 0)
                   | (protection.HasFlag(MapProtection.Write) ? Libc.ProtWrite : 0);
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            nint address = Libc.Mmap(0, (nuint)length, prot, Libc.MapShared, fd, (long)offset);
            int errno = Marshal.GetLastPInvokeError();
            return address == Libc.MapFailed ? SyscallResult.Fail((Errno)errno) : SyscallResult.Success(address);
        }
        catch (ObjectDisposedException)
        {
            return SyscallResult.Fail(Errno.EBADF);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    public SyscallResult Munmap(nint address, ulong length)
    {
        if (length > nuint.MaxValue) return SyscallResult.Fail(Errno.EINVAL);
        int rc = Libc.Munmap(address, (nuint)length);
        int errno = Marshal.GetLastPInvokeError();
        return rc == 0 ? SyscallResult.Success() : SyscallResult.Fail((Errno)errno);
    }

    public TextReadResult ReadText(string path, int maxBytes = 1 << 20)
    {
        if (!policy.MayRead(path)) return new TextReadResult(null, Errno.EACCES);
        var resolved = Resolve(path, out var resolveErrno);
        if (resolved is null) return new TextReadResult(null, resolveErrno);
        if (!policy.MayRead(resolved)) return new TextReadResult(null, Errno.EACCES);
        var opened = OpenRaw(resolved, (int)(OpenFlags.ReadOnly | OpenFlags.CloseOnExec));
        if (!opened.Ok) return new TextReadResult(null, opened.Errno);
        using var handle = new FileDescriptorHandle((int)opened.Value);
        var bytes = ReadToEnd(handle.Number, maxBytes, out var errno);
        return bytes is null ? new TextReadResult(null, errno) : new TextReadResult(Encoding.UTF8.GetString(bytes), Errno.None);
    }

    public IReadOnlyList<string>? ListDirectory(string path, out Errno errno)
    {
        if (!policy.MayList(path)) { errno = Errno.EACCES; return null; }
        var resolved = Resolve(path, out errno);
        if (resolved is null) return null;
        if (!policy.MayList(resolved)) { errno = Errno.EACCES; return null; }
        try
        {
            var names = Directory.EnumerateFileSystemEntries(resolved).Select(Path.GetFileName).OfType<string>().ToList();
            names.Sort(StringComparer.Ordinal);
            errno = Errno.None;
            return names;
        }
        catch (DirectoryNotFoundException) { errno = Errno.ENOENT; }
        catch (UnauthorizedAccessException) { errno = Errno.EACCES; }
        catch (IOException) { errno = Errno.EIO; }
        return null;
    }

    public unsafe IReadOnlyList<string>? ReadKmsg(ulong fromSequence, out Errno errno)
    {
        var opened = OpenRaw(KmsgPath, (int)(OpenFlags.ReadOnly | OpenFlags.NonBlock | OpenFlags.CloseOnExec));
        if (!opened.Ok) { errno = opened.Errno; return null; }
        using var handle = new FileDescriptorHandle((int)opened.Value);
        var records = new List<string>();
        var buffer = new byte[KmsgRecordMax];
        fixed (byte* start = buffer)
        {
            while (true)
            {
                nint n = Libc.Read(handle.Number, start, (nuint)buffer.Length);
                int readErrno = Marshal.GetLastPInvokeError();
                if (n > 0)
                {
                    // /dev/kmsg hands out exactly one record per read(2).
                    var record = Encoding.UTF8.GetString(buffer, 0, (int)n);
                    if (KmsgSequence(record) is { } sequence && sequence >= fromSequence) records.Add(record);
                    continue;
                }
                if (n == 0 || readErrno == (int)Errno.EAGAIN) break; // no more records right now
                if (readErrno is (int)Errno.EPIPE or (int)Errno.EINTR) continue; // EPIPE: records were overwritten
                errno = (Errno)readErrno;
                return null;
            }
        }
        errno = Errno.None;
        return records;
    }

    public unsafe long MonotonicNs()
    {
        Libc.TimeSpec time;
        int rc = Libc.ClockGettime(Libc.ClockMonotonic, &time);
        int errno = Marshal.GetLastPInvokeError();
        if (rc != 0) throw new InvalidOperationException($"clock_gettime(CLOCK_MONOTONIC) failed with errno {ErrnoNames.Name(errno)}");
        return (long)time.Seconds * 1_000_000_000L + time.Nanoseconds;
    }

    public unsafe SyscallResult WriteKmsg(string line)
    {
        var opened = OpenRaw(KmsgPath, (int)(OpenFlags.WriteOnly | OpenFlags.CloseOnExec));
        if (!opened.Ok) return opened;
        using var handle = new FileDescriptorHandle((int)opened.Value);
        var bytes = Encoding.UTF8.GetBytes(line.EndsWith('\n') ? line : line + "\n");
        fixed (byte* data = bytes)
        {
            nint n = Libc.Write(handle.Number, data, (nuint)bytes.Length);
            int errno = Marshal.GetLastPInvokeError();
            return n < 0 ? SyscallResult.Fail((Errno)errno) : SyscallResult.Success(n);
        }
    }

    public void Dispose()
    {
        foreach (var fd in descriptors.Keys)
        {
            if (descriptors.TryRemove(fd, out var handle)) handle.Dispose();
        }
    }

    /// <summary>The sequence number of a raw record "prio,seq,usec,flags;text", or null if it has none.</summary>
    private static ulong? KmsgSequence(string record)
    {
        int first = record.IndexOf(',', StringComparison.Ordinal);
        if (first < 0) return null;
        int second = record.IndexOf(',', first + 1);
        if (second < 0) return null;
        return ulong.TryParse(record.AsSpan(first + 1, second - first - 1), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
    }

    private static SyscallResult OpenRaw(string path, int flags)
    {
        int fd = Libc.Open(path, flags, 0);
        int errno = Marshal.GetLastPInvokeError();
        return fd < 0 ? SyscallResult.Fail((Errno)errno) : SyscallResult.Success(fd);
    }

    /// <summary>realpath(3): the path with every symlink, "." and ".." resolved, or null and the errno.</summary>
    private static unsafe string? Resolve(string path, out Errno errno)
    {
        byte* buffer = stackalloc byte[Libc.PathMax];
        byte* resolved = Libc.Realpath(path, buffer);
        int error = Marshal.GetLastPInvokeError();
        if (resolved == null) { errno = (Errno)error; return null; }
        errno = Errno.None;
        return Marshal.PtrToStringUTF8((nint)resolved);
    }

    /// <summary>Reads until end of file or <paramref name="maxBytes"/>; procfs and debugfs report size 0, so the
    /// size is never asked for.</summary>
    private static unsafe byte[]? ReadToEnd(int fd, int maxBytes, out Errno errno)
    {
        var output = new MemoryStream();
        var chunk = new byte[Math.Clamp(maxBytes, 1, 64 * 1024)];
        fixed (byte* start = chunk)
        {
            while (output.Length < maxBytes)
            {
                int want = (int)Math.Min(chunk.Length, maxBytes - output.Length);
                nint n = Libc.Read(fd, start, (nuint)want);
                int readErrno = Marshal.GetLastPInvokeError();
                if (n == 0) break;
                if (n < 0)
                {
                    if (readErrno == (int)Errno.EINTR) continue;
                    errno = (Errno)readErrno;
                    return null;
                }
                output.Write(chunk, 0, (int)n);
            }
        }
        errno = Errno.None;
        return output.ToArray();
    }
}
