using System.Runtime.InteropServices;

namespace HilHarness.BoardAgent.Native;

internal static partial class Libc
{
    /// <summary>Linux <c>struct utsname</c>: six fields of __NEW_UTS_LEN + 1 = 65 bytes each, on every ABI.</summary>
    internal const int UtsFieldLength = 65, UtsFieldCount = 6;

    /// <summary><c>int uname(struct utsname *buf)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "uname", SetLastError = true)]
    internal static unsafe partial int Uname(byte* buffer);
}
