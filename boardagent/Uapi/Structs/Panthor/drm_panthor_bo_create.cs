// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_bo_create</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
public struct drm_panthor_bo_create
{
    [FieldOffset(0)] public ulong size;
    [FieldOffset(8)] public uint flags;
    [FieldOffset(12)] public uint exclusive_vm_id;
    [FieldOffset(16)] public uint handle;
    [FieldOffset(20)] public uint pad;
}
