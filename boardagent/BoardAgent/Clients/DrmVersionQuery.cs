using System.Runtime.InteropServices;
using System.Text;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.BoardAgent.Clients;

/// <summary>
/// DRM_IOCTL_VERSION as libdrm's drmGetVersion does it (include/uapi/drm/drm.h): a first call with NULL buffers
/// returns the string lengths, a second fills buffers of those lengths. Shared by the <c>drm.version</c> op and
/// driver discovery.
/// </summary>
public static class DrmVersionQuery
{
    /// <summary>Longest string accepted from the sizing call (real drivers report a few dozen bytes).</summary>
    private const int MaxStringBytes = 64 * 1024;

    /// <summary>What a successful query found.</summary>
    public sealed record Result(int Major, int Minor, int Patchlevel, string Name, string Date, string Desc)
    {
        public string Version => $"{Major}.{Minor}.{Patchlevel}";
    }

    /// <summary>Runs both calls on <paramref name="structBytes"/> (a <c>drm_version</c>); buffers come from
    /// <paramref name="allocate"/> (index 0 name, 1 date, 2 desc) and must live until the caller reads them.</summary>
    public static SyscallResult Run(IKernel kernel, int fd, Span<byte> structBytes, Func<int, int, UserMemory.Buffer> allocate)
    {
        var first = kernel.Ioctl(fd, DrmIoctls.Version.Request, structBytes);
        if (!first.Ok) return first;
        ref var v = ref MemoryMarshal.AsRef<drm_version>(structBytes);
        v.name = Buffer(allocate, 0, v.name_len);
        v.date = Buffer(allocate, 1, v.date_len);
        v.desc = Buffer(allocate, 2, v.desc_len);
        return kernel.Ioctl(fd, DrmIoctls.Version.Request, structBytes);
    }

    /// <summary>The string at <paramref name="pointer"/> as the kernel wrote it (at most <paramref name="length"/>
    /// bytes, and never past <paramref name="buffer"/>).</summary>
    public static string ReadString(UserMemory.Buffer? buffer, ulong length)
    {
        if (buffer is null || buffer.Address == 0) return "";
        int n = (int)Math.Min(length, (ulong)buffer.Length);
        var bytes = buffer.Span[..n];
        int nul = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? bytes[..nul] : bytes);
    }

    /// <summary>The whole query on a fresh struct, for discovery: null when the file is not a DRM device.</summary>
    public static Result? Query(IKernel kernel, int fd)
    {
        var buffers = new UserMemory.Buffer?[3];
        try
        {
            var v = new drm_version();
            var bytes = MemoryMarshal.AsBytes(new Span<drm_version>(ref v));
            var result = Run(kernel, fd, bytes, (index, length) => buffers[index] = UserMemory.Allocate(length));
            if (!result.Ok) return null;
            return new Result(v.version_major, v.version_minor, v.version_patchlevel,
                ReadString(buffers[0], v.name_len), ReadString(buffers[1], v.date_len), ReadString(buffers[2], v.desc_len));
        }
        finally
        {
            foreach (var buffer in buffers) buffer?.Dispose();
        }
    }

    private static nint Buffer(Func<int, int, UserMemory.Buffer> allocate, int index, nuint length) =>
        length == 0 ? 0 : allocate(index, (int)Math.Min(length, MaxStringBytes)).Address;
}
