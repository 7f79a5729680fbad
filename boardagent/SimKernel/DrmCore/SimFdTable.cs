using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>The process's file descriptor table: descriptors from 3 (0–2 are stdio), lowest free first, as
/// alloc_fd() hands them out, up to RLIMIT_NOFILE's usual 1024.</summary>
internal sealed class SimFdTable
{
    private const int FirstFd = 3, MaxFds = 1024;

    private readonly List<SimOpenFile?> slots = [];

    /// <summary>Installs <paramref name="file"/> at the lowest free descriptor; EMFILE when the table is full.</summary>
    public SyscallResult Install(SimOpenFile file)
    {
        for (int i = 0; i < slots.Count; i++)
        {
            if (slots[i] is not null) continue;
            slots[i] = file;
            return SyscallResult.Success(i + FirstFd);
        }
        if (slots.Count + FirstFd >= MaxFds) return SyscallResult.Fail(Errno.EMFILE);
        slots.Add(file);
        return SyscallResult.Success(slots.Count - 1 + FirstFd);
    }

    /// <summary>The file behind <paramref name="fd"/>, or null (EBADF).</summary>
    public SimOpenFile? Get(int fd)
    {
        int i = fd - FirstFd;
        return (uint)i < (uint)slots.Count ? slots[i] : null;
    }

    /// <summary>Removes <paramref name="fd"/> from the table; null if it was not open.</summary>
    public SimOpenFile? Remove(int fd)
    {
        var file = Get(fd);
        if (file is not null) slots[fd - FirstFd] = null;
        return file;
    }

    /// <summary>Every open descriptor with its file, lowest first.</summary>
    public IEnumerable<(int Fd, SimOpenFile File)> Open()
    {
        for (int i = 0; i < slots.Count; i++)
        {
            if (slots[i] is { } file) yield return (i + FirstFd, file);
        }
    }
}
