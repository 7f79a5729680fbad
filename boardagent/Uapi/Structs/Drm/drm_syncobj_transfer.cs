// Layout: Linux 7.1.3 include/uapi/drm/drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Drm;

/// <summary><c>struct drm_syncobj_transfer</c> (32 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct drm_syncobj_transfer
{
    [FieldOffset(0)] public uint src_handle;
    [FieldOffset(4)] public uint dst_handle;
    [FieldOffset(8)] public ulong src_point;
    [FieldOffset(16)] public ulong dst_point;
    [FieldOffset(24)] public uint flags;
    [FieldOffset(28)] public uint pad;
}
