namespace HilHarness.SimKernel.Vc4;

/// <summary>Packet opcodes, sizes and field bits of vc4_packet.h that the command-list validators read.</summary>
internal static class Vc4Packets
{
    public const byte Halt = 0, Nop = 1, Flush = 4, FlushAll = 5, StartTileBinning = 6, IncrementSemaphore = 7;
    public const byte GlIndexedPrimitive = 32, GlArrayPrimitive = 33, PrimitiveListFormat = 56, GlShaderState = 64;
    public const byte ConfigurationBits = 96, FlatShadeFlags = 97, PointSize = 98, LineWidth = 99, RhtXBoundary = 100;
    public const byte DepthOffset = 101, ClipWindow = 102, ViewportOffset = 103, ClipperXyScaling = 105;
    public const byte ClipperZScaling = 106, TileBinningModeConfig = 112, GemHandles = 254;

    /// <summary>vc4_validate.c cmd_info[]: the packets a bin CL may contain and their lengths. Everything else —
    /// branches, Z_CLIPPING, NV/VG shader state, compressed primitives, render-only packets — is rejected.</summary>
    public static readonly IReadOnlyDictionary<byte, (int Length, string Name)> BinClPackets = new Dictionary<byte, (int, string)>
    {
        [Halt] = (1, "VC4_PACKET_HALT"),
        [Nop] = (1, "VC4_PACKET_NOP"),
        [Flush] = (1, "VC4_PACKET_FLUSH"),
        [FlushAll] = (1, "VC4_PACKET_FLUSH_ALL"),
        [StartTileBinning] = (1, "VC4_PACKET_START_TILE_BINNING"),
        [IncrementSemaphore] = (1, "VC4_PACKET_INCREMENT_SEMAPHORE"),
        [GlIndexedPrimitive] = (14, "VC4_PACKET_GL_INDEXED_PRIMITIVE"),
        [GlArrayPrimitive] = (10, "VC4_PACKET_GL_ARRAY_PRIMITIVE"),
        [PrimitiveListFormat] = (2, "VC4_PACKET_PRIMITIVE_LIST_FORMAT"),
        [GlShaderState] = (5, "VC4_PACKET_GL_SHADER_STATE"),
        [ConfigurationBits] = (4, "VC4_PACKET_CONFIGURATION_BITS"),
        [FlatShadeFlags] = (5, "VC4_PACKET_FLAT_SHADE_FLAGS"),
        [PointSize] = (5, "VC4_PACKET_POINT_SIZE"),
        [LineWidth] = (5, "VC4_PACKET_LINE_WIDTH"),
        [RhtXBoundary] = (3, "VC4_PACKET_RHT_X_BOUNDARY"),
        [DepthOffset] = (5, "VC4_PACKET_DEPTH_OFFSET"),
        [ClipWindow] = (9, "VC4_PACKET_CLIP_WINDOW"),
        [ViewportOffset] = (5, "VC4_PACKET_VIEWPORT_OFFSET"),
        [ClipperXyScaling] = (9, "VC4_PACKET_CLIPPER_XY_SCALING"),
        [ClipperZScaling] = (9, "VC4_PACKET_CLIPPER_Z_SCALING"),
        [TileBinningModeConfig] = (16, "VC4_PACKET_TILE_BINNING_MODE_CONFIG"),
        [GemHandles] = (9, "VC4_PACKET_GEM_HANDLES"),
    };

    // Last byte of TILE_BINNING_MODE_CONFIG.
    public const byte BinConfigDbNonMs = 1 << 7, BinConfigTileBuffer64Bit = 1 << 1;

    // Sizes vc4_create_rcl_bo() adds up.
    public const int TileRenderingModeConfigSize = 11, TileCoordinatesSize = 3, ClearColorsSize = 14;
    public const int StoreTileBufferGeneralSize = 7, LoadTileBufferGeneralSize = 7, LoadFullResSize = 5;
    public const int StoreFullResSize = 5, StoreMsTileBufferSize = 1, WaitOnSemaphoreSize = 1, BranchToSubListSize = 5;

    /// <summary>VC4_TILE_BUFFER_SIZE: one full-resolution tile buffer load/store.</summary>
    public const uint TileBufferSize = 64 * 64 * 4;

    public const uint TilingLinear = 0, TilingT = 1, TilingLt = 2;
}
