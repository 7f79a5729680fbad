// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_vm_bind_op</c> (48 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
public struct drm_panthor_vm_bind_op
{
    [FieldOffset(0)] public uint flags;
    [FieldOffset(4)] public uint bo_handle;
    [FieldOffset(8)] public ulong bo_offset;
    [FieldOffset(16)] public ulong va;
    [FieldOffset(24)] public ulong size;
    [FieldOffset(32)] public drm_panthor_obj_array syncs;
}
