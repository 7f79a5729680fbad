using System.Runtime.InteropServices;

namespace HilHarness.BoardAgent.Native;

internal static partial class Libc
{
    /// <summary><c>int open(const char *pathname, int flags, mode_t mode)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);
}
