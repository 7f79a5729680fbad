namespace HilHarness.Uapi;

/// <summary>
/// The syscall boundary. Everything above it (the agent's protocol, clients and observers) is identical on a real
/// board and on a simulated one; only the implementation changes: LinuxKernel (libc P/Invoke) or the simulated
/// kernel. Calls report failures as an errno, never as exceptions: a failed ioctl is a result, not an error.
/// </summary>
public interface IKernel : IDisposable
{
    /// <summary>"linux", or "sim:&lt;profile&gt;" for a simulated kernel.</summary>
    string Description { get; }

    /// <summary>uname(2).</summary>
    Uname Uname();

    /// <summary>open(2). On success Value is the file descriptor.</summary>
    SyscallResult Open(string path, OpenFlags flags);

    /// <summary>close(2).</summary>
    SyscallResult Close(int fd);

    /// <summary>
    /// ioctl(2) with <paramref name="arg"/> as the argument struct, in place: the kernel reads it and, for _IOR
    /// requests, writes it back (DRM copies it back even when the handler failed). Pointers inside the struct
    /// refer to <see cref="UserMemory"/> buffers (or real memory on a real kernel).
    /// </summary>
    SyscallResult Ioctl(int fd, uint request, Span<byte> arg);

    /// <summary>mmap(2) of <paramref name="length"/> bytes at the fake offset a MMAP_BO-style ioctl returned.
    /// On success Value is the address.</summary>
    SyscallResult Mmap(int fd, ulong offset, ulong length, MapProtection protection);

    /// <summary>munmap(2).</summary>
    SyscallResult Munmap(nint address, ulong length);

    /// <summary>Reads a whole text file (debugfs, /proc, /sys), at most <paramref name="maxBytes"/>.</summary>
    TextReadResult ReadText(string path, int maxBytes = 1 << 20);

    /// <summary>The names in a directory (for /dev/dri discovery), or an errno.</summary>
    IReadOnlyList<string>? ListDirectory(string path, out Errno errno);

    /// <summary>Reads the /dev/kmsg records with a sequence number ≥ <paramref name="fromSequence"/>, each as the
    /// raw record text the kernel writes (<c>prio,seq,usec,flags;message\n KEY=value...</c>).</summary>
    IReadOnlyList<string>? ReadKmsg(ulong fromSequence, out Errno errno);

    /// <summary>clock_gettime(CLOCK_MONOTONIC) in nanoseconds (virtual time on a simulated kernel); DRM syncobj
    /// timeouts are absolute on this clock.</summary>
    long MonotonicNs();

    /// <summary>Writes a line to /dev/kmsg (a test marker); needs permission on a real board.</summary>
    SyscallResult WriteKmsg(string line);
}
