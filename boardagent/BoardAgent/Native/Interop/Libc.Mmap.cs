using System.Runtime.InteropServices;

namespace HilHarness.BoardAgent.Native;

internal static partial class Libc
{
    internal const int ProtRead = 1, ProtWrite = 2, MapShared = 1;

    /// <summary>MAP_FAILED, <c>(void *)-1</c>.</summary>
    internal static readonly nint MapFailed = -1;

    /// <summary><c>void *mmap64(void *addr, size_t length, int prot, int flags, int fd, off64_t offset)</c>.
    /// mmap64 rather than mmap: on armhf plain mmap takes a 32-bit off_t, and DRM fake offsets need 64 bits;
    /// on LP64 glibc exports mmap64 as the same function.</summary>
    [LibraryImport(Library, EntryPoint = "mmap64", SetLastError = true)]
    internal static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);
}
