using System.Runtime.InteropServices;

namespace HilHarness.BoardAgent.Native;

internal static partial class Libc
{
    /// <summary>CLOCK_MONOTONIC, the clock DRM syncobj timeouts are absolute on.</summary>
    internal const int ClockMonotonic = 1;

    /// <summary><c>struct timespec</c> with the C library's native-width time_t and long.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        internal nint Seconds;
        internal nint Nanoseconds;
    }

    /// <summary><c>int clock_gettime(clockid_t clockid, struct timespec *tp)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "clock_gettime", SetLastError = true)]
    internal static unsafe partial int ClockGettime(int clock, TimeSpec* time);
}
