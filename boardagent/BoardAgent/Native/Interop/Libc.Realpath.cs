using System.Runtime.InteropServices;

namespace HilHarness.BoardAgent.Native;

internal static partial class Libc
{
    /// <summary>PATH_MAX: realpath writes at most this many bytes into a caller buffer.</summary>
    internal const int PathMax = 4096;

    /// <summary><c>char *realpath(const char *path, char *resolved_path)</c>; resolves every symlink in the path,
    /// so the path policy can re-check where a link really points.</summary>
    [LibraryImport(Library, EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial byte* Realpath(string path, byte* resolved);
}
