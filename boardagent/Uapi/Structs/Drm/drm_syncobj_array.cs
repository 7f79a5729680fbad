// Layout: Linux 7.1.3 include/uapi/drm/drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Drm;

/// <summary><c>struct drm_syncobj_array</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct drm_syncobj_array
{
    [FieldOffset(0)] public ulong handles;
    [FieldOffset(8)] public uint count_handles;
    [FieldOffset(12)] public uint pad;
}
