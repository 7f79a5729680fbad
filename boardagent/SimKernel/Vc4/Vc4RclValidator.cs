using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Vc4;

/// <summary>
/// vc4_get_rcl() in vc4_render_cl.c: checks the render tile range and the six surfaces (hindex ~0 = absent), and
/// computes the size of the RCL BO the kernel generates (vc4_create_rcl_bo) so bo_stats shows the same "RCL" usage.
/// </summary>
internal static class Vc4RclValidator
{
    private const uint Absent = uint.MaxValue;

    /// <summary>Validates the surfaces; on success <paramref name="rclSize"/> is the RCL BO's unaligned size.</summary>
    public static Errno Validate(Vc4Exec exec, out uint rclSize)
    {
        rclSize = 0;
        var a = exec.Args;
        bool hasBin = a.bin_cl_size != 0;
        if (a.min_x_tile > a.max_x_tile || a.min_y_tile > a.max_y_tile) return Errno.EINVAL;
        if (hasBin && (a.max_x_tile > exec.BinTilesX || a.max_y_tile > exec.BinTilesY)) return Errno.EINVAL;

        var errno = RenderConfigSurface(exec, a.color_write, out bool colorWrite);
        if (errno != Errno.None) return errno;
        errno = Surface(exec, a.color_read, isZsWrite: false, out bool colorRead);
        if (errno != Errno.None) return errno;
        errno = Surface(exec, a.zs_read, isZsWrite: false, out bool zsRead);
        if (errno != Errno.None) return errno;
        errno = Surface(exec, a.zs_write, isZsWrite: true, out bool zsWrite);
        if (errno != Errno.None) return errno;
        errno = MsaaSurface(exec, a.msaa_color_write, out bool msaaColor);
        if (errno != Errno.None) return errno;
        errno = MsaaSurface(exec, a.msaa_zs_write, out bool msaaZs);
        if (errno != Errno.None) return errno;
        if (!colorWrite && !zsWrite && !msaaColor && !msaaZs) return Errno.EINVAL;

        rclSize = RclSize(a, hasBin, colorRead, zsRead, colorWrite, zsWrite, msaaColor, msaaZs);
        return Errno.None;
    }

    // vc4_rcl_render_config_surface_setup(): no flags, known bits, a tiling ≤ LT, an RGBA8888/BGR565 format, and
    // the surface must fit its BO.
    private static Errno RenderConfigSurface(Vc4Exec exec, drm_vc4_submit_rcl_surface s, out bool present)
    {
        present = false;
        uint tiling = (uint)(s.bits >> 6) & 3;
        uint format = (uint)(s.bits >> 2) & 3;
        if (s.flags != 0) return Errno.EINVAL;
        // MEMORY_FORMAT (7:6) | FORMAT (3:2) | DECIMATE_MODE_4X (bit 4) | MS_MODE_4X (bit 0).
        if ((s.bits & ~(0xc0 | 0x0c | 0x10 | 0x01)) != 0) return Errno.EINVAL;
        if (s.hindex == Absent) return Errno.None;
        var bo = exec.UseBo(s.hindex);
        if (bo is null) return Errno.EINVAL;
        present = true;
        if (tiling > Vc4Packets.TilingLt) return Errno.EINVAL;
        uint cpp = format switch { 0 or 2 => 2u, 1 => 4u, _ => 0u };
        if (cpp == 0) return Errno.EINVAL;
        return CheckTexSize(bo, s.offset, tiling, exec.Args.width, exec.Args.height, cpp) ? Errno.None : Errno.EINVAL;
    }

    // vc4_rcl_surface_setup(): general loads/stores (color read, Z/S read and write).
    private static Errno Surface(Vc4Exec exec, drm_vc4_submit_rcl_surface s, bool isZsWrite, out bool present)
    {
        present = false;
        const ushort FullRes = 1;
        uint tiling = (uint)(s.bits >> 4) & 3;
        uint buffer = (uint)s.bits & 7;
        uint format = (uint)(s.bits >> 8) & 3;
        if ((s.flags & ~FullRes) != 0) return Errno.EINVAL;
        if (s.hindex == Absent) return Errno.None;
        var bo = exec.UseBo(s.hindex);
        if (bo is null) return Errno.EINVAL;
        present = true;
        if ((s.flags & FullRes) != 0)
        {
            if (isZsWrite || s.bits != 0) return Errno.EINVAL;
            return FullResBoundsCheck(exec, bo, s);
        }
        if ((s.bits & ~(0x30 | 0x07 | 0x300)) != 0) return Errno.EINVAL;
        if (tiling > Vc4Packets.TilingLt) return Errno.EINVAL;
        uint cpp;
        if (buffer == 2) // VC4_LOADSTORE_TILE_BUFFER_ZS
        {
            if (format != 0) return Errno.EINVAL;
            cpp = 4;
        }
        else if (buffer == 1) // VC4_LOADSTORE_TILE_BUFFER_COLOR
        {
            cpp = format switch { 0 => 4u, 1 or 2 => 2u, _ => 0u };
            if (cpp == 0) return Errno.EINVAL;
        }
        else return Errno.EINVAL;
        if ((s.offset & 0xf) != 0) return Errno.EINVAL;
        return CheckTexSize(bo, s.offset, tiling, exec.Args.width, exec.Args.height, cpp) ? Errno.None : Errno.EINVAL;
    }

    // vc4_rcl_msaa_surface_setup(): no flags or bits, 16-byte aligned, every tile inside the BO.
    private static Errno MsaaSurface(Vc4Exec exec, drm_vc4_submit_rcl_surface s, out bool present)
    {
        present = false;
        if (s.flags != 0 || s.bits != 0) return Errno.EINVAL;
        if (s.hindex == Absent) return Errno.None;
        var bo = exec.UseBo(s.hindex);
        if (bo is null) return Errno.EINVAL;
        present = true;
        if ((s.offset & 0xf) != 0) return Errno.EINVAL;
        return FullResBoundsCheck(exec, bo, s);
    }

    // vc4_full_res_bounds_check().
    private static Errno FullResBoundsCheck(Vc4Exec exec, Vc4Bo bo, drm_vc4_submit_rcl_surface s)
    {
        var a = exec.Args;
        ulong stride = (a.width + 31u) / 32;
        if (s.offset > bo.Size) return Errno.EINVAL;
        if ((bo.Size - s.offset) / Vc4Packets.TileBufferSize < stride * a.max_y_tile + a.max_x_tile) return Errno.EINVAL;
        return Errno.None;
    }

    /// <summary>vc4_check_tex_size(): the surface, aligned to its tiling's micro-tiles, fits after
    /// <paramref name="offset"/>; dimensions above 4096 are refused.</summary>
    public static bool CheckTexSize(Vc4Bo bo, uint offset, uint tiling, uint width, uint height, uint cpp)
    {
        uint utileW = cpp switch { 1 or 2 => 8u, 4 => 4u, 8 => 2u, _ => 1u };
        uint utileH = cpp switch { 1 => 8u, 2 or 4 or 8 => 4u, _ => 1u };
        if (width > 4096 || height > 4096) return false;
        uint alignedW, alignedH;
        switch (tiling)
        {
            case Vc4Packets.TilingLinear:
                alignedW = RoundUp(width, utileW);
                alignedH = height;
                break;
            case Vc4Packets.TilingT:
                alignedW = RoundUp(width, utileW * 8);
                alignedH = RoundUp(height, utileH * 8);
                break;
            case Vc4Packets.TilingLt:
                alignedW = RoundUp(width, utileW);
                alignedH = RoundUp(height, utileH);
                break;
            default:
                return false;
        }
        uint size = alignedW * cpp * alignedH;
        return size + offset >= size && size + offset <= bo.Size;
    }

    private static uint RoundUp(uint v, uint m) => (v + m - 1) / m * m;

    // vc4_create_rcl_bo(): the generated RCL's length.
    private static uint RclSize(drm_vc4_submit_cl a, bool hasBin, bool colorRead, bool zsRead, bool colorWrite,
        bool zsWrite, bool msaaColor, bool msaaZs)
    {
        const ushort FullRes = 1;
        uint xtiles = (uint)(a.max_x_tile - a.min_x_tile + 1);
        uint ytiles = (uint)(a.max_y_tile - a.min_y_tile + 1);
        uint size = Vc4Packets.TileRenderingModeConfigSize;
        uint loop = Vc4Packets.TileCoordinatesSize;
        if ((a.flags & 1) != 0)
            size += Vc4Packets.ClearColorsSize + Vc4Packets.TileCoordinatesSize + Vc4Packets.StoreTileBufferGeneralSize;
        if (colorRead)
            loop += (a.color_read.flags & FullRes) != 0 ? (uint)Vc4Packets.LoadFullResSize : Vc4Packets.LoadTileBufferGeneralSize;
        if (zsRead)
        {
            if ((a.zs_read.flags & FullRes) != 0) loop += Vc4Packets.LoadFullResSize;
            else
            {
                if (colorRead && (a.color_read.flags & FullRes) == 0)
                    loop += Vc4Packets.TileCoordinatesSize + Vc4Packets.StoreTileBufferGeneralSize;
                loop += Vc4Packets.LoadTileBufferGeneralSize;
            }
        }
        if (hasBin)
        {
            size += Vc4Packets.WaitOnSemaphoreSize;
            loop += Vc4Packets.BranchToSubListSize;
        }
        if (msaaColor) loop += Vc4Packets.StoreFullResSize;
        if (msaaZs) loop += Vc4Packets.StoreFullResSize;
        if (zsWrite) loop += Vc4Packets.StoreTileBufferGeneralSize;
        if (colorWrite) loop += Vc4Packets.StoreMsTileBufferSize;
        int writes = (msaaColor ? 1 : 0) + (msaaZs ? 1 : 0) + (colorWrite ? 1 : 0) + (zsWrite ? 1 : 0);
        loop += (uint)(Vc4Packets.TileCoordinatesSize * (writes - 1));
        return size + xtiles * ytiles * loop;
    }
}
