// Layout: Linux 7.1.3 include/uapi/drm/drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Drm;

/// <summary><c>struct drm_prime_handle</c> (12 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 12)]
public struct drm_prime_handle
{
    [FieldOffset(0)] public uint handle;
    [FieldOffset(4)] public uint flags;
    [FieldOffset(8)] public int fd;
}
