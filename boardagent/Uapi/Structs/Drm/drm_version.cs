// Layout: Linux 7.1.3 include/uapi/drm/drm.h. The only UAPI struct here with pointers and size_t, so its size and
// its ioctl number depend on the ABI: 64 bytes / 0xc0406400 on LP64, 36 bytes / 0xc0246400 on armhf.
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Drm;

/// <summary><c>struct drm_version</c>, laid out for the ABI of this process (native int widths).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct drm_version
{
    public int version_major;
    public int version_minor;
    public int version_patchlevel;
    public nuint name_len;
    public nint name;
    public nuint date_len;
    public nint date;
    public nuint desc_len;
    public nint desc;

    /// <summary>The C declaration, for laying the struct out for an ABI other than this process's.</summary>
    public static (IReadOnlyList<(string Name, int Offset, int Size)> Fields, int Size) LayoutFor(Abi abi)
    {
        int p = AbiFacts.PointerSize(abi);
        return CStructLayout.Compute(
        [
            new("version_major", 4), new("version_minor", 4), new("version_patchlevel", 4),
            new("name_len", p), new("name", p), new("date_len", p), new("date", p), new("desc_len", p), new("desc", p),
        ]);
    }
}
