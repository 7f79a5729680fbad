// Layout: Linux 7.1.3 include/uapi/drm/drm_mode.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Drm;

/// <summary><c>struct drm_mode_map_dumb</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct drm_mode_map_dumb
{
    [FieldOffset(0)] public uint handle;
    [FieldOffset(4)] public uint pad;
    [FieldOffset(8)] public ulong offset;
}
