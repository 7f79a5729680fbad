// Layout: Linux 7.1.3 include/uapi/drm/vc4_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Vc4;

/// <summary><c>struct drm_vc4_submit_cl</c> (176 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 176)]
public unsafe struct drm_vc4_submit_cl
{
    [FieldOffset(0)] public ulong bin_cl;
    [FieldOffset(8)] public ulong shader_rec;
    [FieldOffset(16)] public ulong uniforms;
    [FieldOffset(24)] public ulong bo_handles;
    [FieldOffset(32)] public uint bin_cl_size;
    [FieldOffset(36)] public uint shader_rec_size;
    [FieldOffset(40)] public uint shader_rec_count;
    [FieldOffset(44)] public uint uniforms_size;
    [FieldOffset(48)] public uint bo_handle_count;
    [FieldOffset(52)] public ushort width;
    [FieldOffset(54)] public ushort height;
    [FieldOffset(56)] public byte min_x_tile;
    [FieldOffset(57)] public byte min_y_tile;
    [FieldOffset(58)] public byte max_x_tile;
    [FieldOffset(59)] public byte max_y_tile;
    [FieldOffset(60)] public drm_vc4_submit_rcl_surface color_read;
    [FieldOffset(72)] public drm_vc4_submit_rcl_surface color_write;
    [FieldOffset(84)] public drm_vc4_submit_rcl_surface zs_read;
    [FieldOffset(96)] public drm_vc4_submit_rcl_surface zs_write;
    [FieldOffset(108)] public drm_vc4_submit_rcl_surface msaa_color_write;
    [FieldOffset(120)] public drm_vc4_submit_rcl_surface msaa_zs_write;
    [FieldOffset(132)] public fixed uint clear_color[2];
    [FieldOffset(140)] public uint clear_z;
    [FieldOffset(144)] public byte clear_s;
    /// <summary>C bit-field <c>__u32 pad:24</c>; it shares a 32-bit unit with the field before it.</summary>
    [FieldOffset(145)] public fixed byte pad[3];
    [FieldOffset(148)] public uint flags;
    [FieldOffset(152)] public ulong seqno;
    [FieldOffset(160)] public uint perfmonid;
    [FieldOffset(164)] public uint in_sync;
    [FieldOffset(168)] public uint out_sync;
    [FieldOffset(172)] public uint pad2;
}
