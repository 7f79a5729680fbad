// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_bo_sync_op</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
public struct drm_panthor_bo_sync_op
{
    [FieldOffset(0)] public uint handle;
    [FieldOffset(4)] public uint type;
    [FieldOffset(8)] public ulong offset;
    [FieldOffset(16)] public ulong size;
}
