namespace HilHarness.Uapi;

/// <summary>Linux errno values (asm-generic/errno-base.h and errno.h; the same on x86, arm and arm64).</summary>
public enum Errno
{
    None = 0,
    EPERM = 1,
    ENOENT = 2,
    ESRCH = 3,
    EINTR = 4,
    EIO = 5,
    ENXIO = 6,
    E2BIG = 7,
    EBADF = 9,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EFAULT = 14,
    EBUSY = 16,
    EEXIST = 17,
    ENODEV = 19,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    ENFILE = 23,
    EMFILE = 24,
    ENOTTY = 25,
    EFBIG = 27,
    ENOSPC = 28,
    ESPIPE = 29,
    EROFS = 30,
    EPIPE = 32,
    ERANGE = 34,
    EDEADLK = 35,
    ENAMETOOLONG = 36,
    ENOSYS = 38,
    ENODATA = 61,
    ETIME = 62,
    EOVERFLOW = 75,
    EOPNOTSUPP = 95,
    ETIMEDOUT = 110,
    ECANCELED = 125,
}

/// <summary>Names for errno values, including ones this enum does not list.</summary>
public static class ErrnoNames
{
    /// <summary>"EINVAL" for 22; "E123" for an errno the enum does not know; "" for 0.</summary>
    public static string Name(int errno) =>
        errno == 0 ? "" : Enum.IsDefined((Errno)errno) ? ((Errno)errno).ToString() : "E" + errno;

    /// <summary>Parses "EINVAL", "22" or "E22".</summary>
    public static bool TryParse(string text, out Errno errno)
    {
        if (int.TryParse(text, out var n) || (text.StartsWith('E') && int.TryParse(text.AsSpan(1), out n)))
        {
            errno = (Errno)n;
            return n >= 0;
        }
        return Enum.TryParse(text, ignoreCase: false, out errno) && Enum.IsDefined(errno);
    }
}
