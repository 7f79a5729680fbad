using System.Runtime.InteropServices;
using HilHarness.SimKernel;
using HilHarness.Uapi;

namespace HilHarness.Benchmarks.SimKernel;

/// <summary>
/// Issues one ioctl through <see cref="SimulatedKernel.Ioctl"/> exactly as the agent does (a request number and the
/// struct's bytes in place) and stops the benchmark on any failure: a throughput figure for ioctls that failed
/// early (EBADF, EINVAL) would measure the wrong path.
/// </summary>
internal static class SimIoctl
{
    public static void Call<T>(SimulatedKernel kernel, int fd, uint request, ref T args, string what) where T : unmanaged
    {
        var result = kernel.Ioctl(fd, request, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref args, 1)));
        if (!result.Ok)
            throw new InvalidOperationException($"{what} on {kernel.Description} fd {fd} (request 0x{request:x8}) returned {result}");
    }

    public static int Open(SimulatedKernel kernel, string path)
    {
        var result = kernel.Open(path, OpenFlags.ReadWrite);
        if (!result.Ok)
            throw new InvalidOperationException($"open {path} on {kernel.Description} returned {result}");
        return (int)result.Value;
    }
}
