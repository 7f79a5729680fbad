// Layout: Linux 7.1.3 include/uapi/drm/panthor_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Panthor;

/// <summary><c>struct drm_panthor_tiler_heap_create</c> (40 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
public struct drm_panthor_tiler_heap_create
{
    [FieldOffset(0)] public uint vm_id;
    [FieldOffset(4)] public uint initial_chunk_count;
    [FieldOffset(8)] public uint chunk_size;
    [FieldOffset(12)] public uint max_chunks;
    [FieldOffset(16)] public uint target_in_flight;
    [FieldOffset(20)] public uint handle;
    [FieldOffset(24)] public ulong tiler_heap_ctx_gpu_va;
    [FieldOffset(32)] public ulong first_heap_chunk_gpu_va;
}
