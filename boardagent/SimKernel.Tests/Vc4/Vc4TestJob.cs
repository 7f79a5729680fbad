using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>
/// Command lists for one SUBMIT_CL, built the way IGT's igt_vc4_get_cleared_bo() clears a BO (lib/igt_vc4.c): a
/// render job whose only surface is the colour write of BO 0 with USE_CLEAR_COLOR — here preceded by the smallest
/// bin CL the validator accepts (binning mode config, start tile binning, primitive list format, increment
/// semaphore, flush). Test-only: the host's own CL builder is separate, so model and simulator share nothing.
/// </summary>
public sealed class Vc4TestJob
{
    public const ushort Width = 256, Height = 64;
    public const uint TargetSize = Width * Height * 4;

    public byte[] BinCl { get; set; } = [];
    public byte[] ShaderRecords { get; set; } = [];
    public byte[] Uniforms { get; set; } = [];
    public uint[] Handles { get; set; } = [];
    public ulong? HandlesAddress { get; set; }
    public uint? HandleCount { get; set; }
    public drm_vc4_submit_cl Args;

    /// <summary>TILE_BINNING_MODE_CONFIG with the tile counts and flags byte.</summary>
    public static byte[] BinningModeConfig(byte tilesX, byte tilesY, byte flags = 0)
    {
        var p = new byte[16];
        p[0] = 112;
        p[13] = tilesX;
        p[14] = tilesY;
        p[15] = flags;
        return p;
    }

    /// <summary>The bin CL of the minimal job: 4×1 tiles of 64×64 pixels.</summary>
    public static byte[] MinimalBinCl() =>
        [.. BinningModeConfig(4, 1), 6, 56, 0x12, 7, 4];

    /// <summary>A clear of a <see cref="TargetSize"/>-byte BO (handle <paramref name="target"/>), with the bin CL
    /// unless <paramref name="withBin"/> is false (then exactly igt_vc4_get_cleared_bo's job).</summary>
    public static Vc4TestJob Clear(uint target, bool withBin = true)
    {
        var job = new Vc4TestJob { Handles = [target], BinCl = withBin ? MinimalBinCl() : [] };
        job.Args.width = Width;
        job.Args.height = Height;
        job.Args.max_x_tile = Width / 64 - 1;
        job.Args.max_y_tile = Height / 64 - 1;
        job.Args.color_write = new drm_vc4_submit_rcl_surface { hindex = 0, bits = 1 << 2 }; // RGBA8888
        job.Args.color_read = Absent;
        job.Args.zs_read = Absent;
        job.Args.zs_write = Absent;
        job.Args.msaa_color_write = Absent;
        job.Args.msaa_zs_write = Absent;
        job.Args.flags = 1; // VC4_SUBMIT_CL_USE_CLEAR_COLOR
        return job;
    }

    private static drm_vc4_submit_rcl_surface Absent => new() { hindex = uint.MaxValue };
}
