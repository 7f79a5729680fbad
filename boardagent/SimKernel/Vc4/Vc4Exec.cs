using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Vc4;

/// <summary>struct vc4_exec_info while SUBMIT_CL validates it: the arguments, the looked-up BOs and what the bin CL
/// walk found.</summary>
internal sealed class Vc4Exec(drm_vc4_submit_cl args, Vc4Job job)
{
    public drm_vc4_submit_cl Args { get; } = args;

    public Vc4Job Job { get; } = job;

    public List<Vc4Bo> Bos => Job.Bos;

    /// <summary>exec->bo_index[2], set by VC4_PACKET_GEM_HANDLES.</summary>
    public uint[] BoIndex { get; } = new uint[2];

    public byte BinTilesX { get; set; }
    public byte BinTilesY { get; set; }

    public bool FoundTileBinningModeConfig { get; set; }
    public bool FoundStartTileBinning { get; set; }
    public bool FoundIncrementSemaphore { get; set; }
    public bool FoundFlush { get; set; }

    /// <summary>exec->shader_state[]: (addr bits, max_index) per GL_SHADER_STATE packet.</summary>
    public List<(uint Addr, uint MaxIndex)> ShaderStates { get; } = [];

    /// <summary>exec->shader_state_size (the shader_rec_count argument).</summary>
    public uint ShaderStateSize { get; set; }

    /// <summary>The user's shader records and uniforms as copied in by vc4_get_bcl().</summary>
    public byte[] ShaderRecords { get; set; } = [];
    public byte[] Uniforms { get; set; } = [];

    /// <summary>vc4_use_bo(): the BO at <paramref name="hindex"/>, unless out of range or a shader BO.</summary>
    public Vc4Bo? UseBo(uint hindex)
    {
        if (hindex >= Bos.Count) return null;
        var bo = Bos[(int)hindex];
        return bo.ValidatedShader is null ? bo : null;
    }
}
