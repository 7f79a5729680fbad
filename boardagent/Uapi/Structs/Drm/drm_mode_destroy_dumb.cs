// Layout: Linux 7.1.3 include/uapi/drm/drm_mode.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Drm;

/// <summary><c>struct drm_mode_destroy_dumb</c> (4 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 4)]
public struct drm_mode_destroy_dumb
{
    [FieldOffset(0)] public uint handle;
}
