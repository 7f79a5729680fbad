// Layout: Linux 7.1.3 include/uapi/drm/drm_mode.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Drm;

/// <summary><c>struct drm_mode_create_dumb</c> (32 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct drm_mode_create_dumb
{
    [FieldOffset(0)] public uint height;
    [FieldOffset(4)] public uint width;
    [FieldOffset(8)] public uint bpp;
    [FieldOffset(12)] public uint flags;
    [FieldOffset(16)] public uint handle;
    [FieldOffset(20)] public uint pitch;
    [FieldOffset(24)] public ulong size;
}
