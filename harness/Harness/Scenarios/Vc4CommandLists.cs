using System.Buffers.Binary;
using System.Collections.Immutable;
using HilHarness.Model;
using HilHarness.Model.Vc4;

namespace HilHarness.Scenarios;

/// <summary>
/// The smallest valid vc4 job (the shape of IGT's igt_vc4_get_cleared_bo): a bin CL that configures binning for the
/// frame's tiles, starts binning, sets a primitive list format, increments the semaphore and flushes (vc4_validate.c
/// rejects a bin CL whose last two packets are not INCREMENT_SEMAPHORE and FLUSH); the render side is a clear of the
/// color_write surface to clear_color. Packet layouts follow vc4_packet.h.
/// </summary>
public static class Vc4CommandLists
{
    private const byte BinConfigAutoInitTsda = 1 << 2;
    private const byte PrimitiveList16BitIndexTriangles = 0x32;
    /// <summary>VC4_RENDER_CONFIG_FORMAT_RGBA8888 (1 &lt;&lt; 2) with T-tiled memory format (1 &lt;&lt; 6).</summary>
    private const long ColorWriteBitsRgba8888TTiled = (1 << 2) | (1 << 6);
    private const long SubmitUseClearColor = 1;

    /// <summary>Bin CL for a frame of <paramref name="widthTiles"/> × <paramref name="heightTiles"/> 64-pixel tiles.</summary>
    public static byte[] MinimalBinCl(byte widthTiles, byte heightTiles)
    {
        var cl = new byte[16 + 1 + 2 + 1 + 1];
        cl[0] = Vc4BinCl.TileBindingModeConfig;
        // Tile allocation address/size and tile state address are filled in by the kernel's validator.
        BinaryPrimitives.WriteUInt32LittleEndian(cl.AsSpan(1), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(cl.AsSpan(5), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(cl.AsSpan(9), 0);
        cl[13] = widthTiles;
        cl[14] = heightTiles;
        cl[15] = BinConfigAutoInitTsda;
        cl[16] = Vc4BinCl.StartTileBinning;
        cl[17] = Vc4BinCl.PrimitiveListFormat;
        cl[18] = PrimitiveList16BitIndexTriangles;
        cl[19] = Vc4BinCl.IncrementSemaphore;
        cl[20] = Vc4BinCl.Flush;
        return cl;
    }

    /// <summary>submit_cl arguments that clear <paramref name="target"/> (a BO of at least width × height × 4 bytes)
    /// to <paramref name="color"/>.</summary>
    public static ImmutableSortedDictionary<string, OpArg> ClearJob(string file, string target, ushort width, ushort height, uint color)
    {
        byte tilesX = (byte)((width + 63) / 64), tilesY = (byte)((height + 63) / 64);
        return new Dictionary<string, OpArg>
        {
            ["fd"] = OpArg.Sym(file),
            ["bin_cl"] = OpArg.Bytes(MinimalBinCl(tilesX, tilesY)),
            ["bo_handles"] = OpArg.List([OpArg.Sym(target)]),
            ["width"] = OpArg.Of(width),
            ["height"] = OpArg.Of(height),
            ["max_x_tile"] = OpArg.Of(tilesX - 1),
            ["max_y_tile"] = OpArg.Of(tilesY - 1),
            ["color_write"] = OpArg.Obj(new Dictionary<string, OpArg>
            {
                ["hindex"] = OpArg.Of(0), ["offset"] = OpArg.Of(0), ["bits"] = OpArg.Of(ColorWriteBitsRgba8888TTiled), ["flags"] = OpArg.Of(0),
            }),
            ["clear_color"] = OpArg.List([OpArg.Of(color), OpArg.Of(color)]),
            ["flags"] = OpArg.Of(SubmitUseClearColor),
        }.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }
}
