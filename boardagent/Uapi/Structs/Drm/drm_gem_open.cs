// Layout: Linux 7.1.3 include/uapi/drm/drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Drm;

/// <summary><c>struct drm_gem_open</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct drm_gem_open
{
    [FieldOffset(0)] public uint name;
    [FieldOffset(4)] public uint handle;
    [FieldOffset(8)] public ulong size;
}
