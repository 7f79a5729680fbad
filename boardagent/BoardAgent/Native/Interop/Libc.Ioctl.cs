using System.Runtime.InteropServices;

namespace HilHarness.BoardAgent.Native;

internal static partial class Libc
{
    /// <summary><c>int ioctl(int fd, unsigned long request, void *arg)</c>. The request is passed as an unsigned
    /// native word, so 0xc0406400 reaches the kernel unchanged instead of sign-extended.</summary>
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int Ioctl(int fd, nuint request, void* arg);
}
