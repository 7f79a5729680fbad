namespace HilHarness.Model.Vc4;

/// <summary>
/// Reads a bin command list the way the submit validator does, as far as the model needs it: whether every packet is
/// one the validator knows (by opcode and length, vc4_packet.h) and whether it holds a TILE_BINNING_MODE_CONFIG,
/// which is what makes a job take a bin BO reference (kernel-facts A.4).
/// </summary>
public static class Vc4BinCl
{
    public const byte Halt = 0, Nop = 1, Flush = 4, FlushAll = 5, StartTileBinning = 6, IncrementSemaphore = 7;
    public const byte GlIndexedPrimitive = 32, GlArrayPrimitive = 33, PrimitiveListFormat = 56, GlShaderState = 64;
    public const byte ConfigurationBits = 96, FlatShadeFlags = 97, PointSize = 98, LineWidth = 99, RhtXBoundary = 100;
    public const byte DepthOffset = 101, ClipWindow = 102, ViewportOffset = 103, ClipperXyScaling = 105, ClipperZScaling = 106;
    public const byte TileBindingModeConfig = 112;

    /// <summary>Packet length including the opcode byte, or null for an opcode the bin CL validator rejects.</summary>
    public static int? PacketLength(byte opcode) => opcode switch
    {
        Halt or Nop or Flush or FlushAll or StartTileBinning or IncrementSemaphore => 1,
        PrimitiveListFormat => 2,
        RhtXBoundary => 3,
        ConfigurationBits => 4,
        GlShaderState or FlatShadeFlags or PointSize or LineWidth or DepthOffset or ViewportOffset => 5,
        ClipWindow or ClipperXyScaling or ClipperZScaling => 9,
        GlArrayPrimitive => 10,
        GlIndexedPrimitive => 14,
        TileBindingModeConfig => 16,
        _ => null,
    };

    /// <summary>Null when the CL does not parse into known whole packets; otherwise whether it has a binning config.</summary>
    public static bool? HasBinningConfig(ReadOnlySpan<byte> cl)
    {
        bool found = false;
        for (int i = 0; i < cl.Length;)
        {
            if (PacketLength(cl[i]) is not { } len || i + len > cl.Length) return null;
            found |= cl[i] == TileBindingModeConfig;
            i += len;
        }
        return found;
    }
}
