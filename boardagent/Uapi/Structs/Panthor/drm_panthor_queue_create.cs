// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_queue_create</c> (8 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
public unsafe struct drm_panthor_queue_create
{
    [FieldOffset(0)] public byte priority;
    [FieldOffset(1)] public fixed byte pad[3];
    [FieldOffset(4)] public uint ringbuf_size;
}
