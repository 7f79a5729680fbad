namespace HilHarness.BoardAgent.Native;

/// <summary>
/// The libc functions the agent calls, one per file (Libc.Open.cs, Libc.Ioctl.cs, …), as dotnet/runtime's
/// Interop.Sys does. Every import sets <c>SetLastError = true</c>, so the generated stub captures errno right after
/// the native call; callers read it with <c>Marshal.GetLastPInvokeError()</c> on the very next line, before any
/// other runtime work can overwrite it (research/vm-lane.md measured 203 instead of the real errno otherwise).
/// C names stay inside this class; everything above it is ordinary .NET.
/// </summary>
internal static partial class Libc
{
    /// <summary>The exact soname: "libc" alone would need a dev symlink that boards do not have.</summary>
    internal const string Library = "libc.so.6";
}
