using System.Buffers.Binary;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Vc4;

/// <summary>
/// vc4_validate_bin_cl(): walks the user's bin CL packet by packet against the whitelist, runs each packet's check,
/// and requires START_TILE_BINNING plus INCREMENT_SEMAPHORE and FLUSH as the last two bytes. Address relocation is
/// not simulated (nothing reads the validated copy), only the accept/reject decisions and the bin slot taken by
/// TILE_BINNING_MODE_CONFIG.
/// </summary>
internal static class Vc4BinClValidator
{
    /// <summary>Validates <paramref name="cl"/>; <paramref name="allocateBinSlot"/> is vc4_v3d_get_bin_slot() (a
    /// slot, or a negative errno).</summary>
    public static Errno Validate(Vc4Exec exec, ReadOnlySpan<byte> cl, Func<int> allocateBinSlot)
    {
        int len = cl.Length;
        int offset = 0;
        while (offset < len)
        {
            byte cmd = cl[offset];
            if (!Vc4Packets.BinClPackets.TryGetValue(cmd, out var info)) return Errno.EINVAL;
            if (offset + info.Length > len) return Errno.EINVAL;
            var data = cl.Slice(offset + 1, info.Length - 1);
            var errno = cmd switch
            {
                Vc4Packets.Flush => offset == len - 1 ? Found(() => exec.FoundFlush = true) : Errno.EINVAL,
                Vc4Packets.StartTileBinning => StartTileBinning(exec),
                Vc4Packets.IncrementSemaphore => offset == len - 2 ? Found(() => exec.FoundIncrementSemaphore = true) : Errno.EINVAL,
                Vc4Packets.GlIndexedPrimitive => IndexedPrimitive(exec, data),
                Vc4Packets.GlArrayPrimitive => ArrayPrimitive(exec, data),
                Vc4Packets.GlShaderState => ShaderState(exec, data),
                Vc4Packets.TileBinningModeConfig => TileBinningConfig(exec, data, allocateBinSlot),
                Vc4Packets.GemHandles => GemHandles(exec, data),
                _ => Errno.None,
            };
            // Any failing packet check makes the whole walk fail with EINVAL (the handler's own errno, e.g.
            // ENOMEM from the bin slot, is only logged by the kernel).
            if (errno != Errno.None) return Errno.EINVAL;
            offset += info.Length;
            if (cmd == Vc4Packets.Halt) break;
        }
        if (!exec.FoundStartTileBinning) return Errno.EINVAL;
        if (!exec.FoundIncrementSemaphore || !exec.FoundFlush) return Errno.EINVAL;
        return Errno.None;
    }

    private static Errno Found(Action set)
    {
        set();
        return Errno.None;
    }

    // validate_start_tile_binning(): once, and only after the binning mode config.
    private static Errno StartTileBinning(Vc4Exec exec)
    {
        if (exec.FoundStartTileBinning) return Errno.EINVAL;
        exec.FoundStartTileBinning = true;
        return exec.FoundTileBinningModeConfig ? Errno.None : Errno.EINVAL;
    }

    // validate_indexed_prim_list(): needs a shader state; the index buffer is BO bo_index[0] and must hold
    // `length` indices from `offset`.
    private static Errno IndexedPrimitive(Vc4Exec exec, ReadOnlySpan<byte> d)
    {
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(d[1..]);
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(d[5..]);
        uint maxIndex = BinaryPrimitives.ReadUInt32LittleEndian(d[9..]);
        uint indexSize = (d[0] >> 4) != 0 ? 2u : 1u;
        if (exec.ShaderStates.Count == 0) return Errno.EINVAL;
        var last = exec.ShaderStates[^1];
        if (maxIndex > last.MaxIndex) exec.ShaderStates[^1] = last with { MaxIndex = maxIndex };
        var ib = exec.UseBo(exec.BoIndex[0]);
        if (ib is null) return Errno.EINVAL;
        if (offset > ib.Size || (ib.Size - offset) / indexSize < length) return Errno.EINVAL;
        return Errno.None;
    }

    // validate_gl_array_primitive(): needs a shader state; length + base_index must not wrap.
    private static Errno ArrayPrimitive(Vc4Exec exec, ReadOnlySpan<byte> d)
    {
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(d[1..]);
        uint baseIndex = BinaryPrimitives.ReadUInt32LittleEndian(d[5..]);
        if (exec.ShaderStates.Count == 0) return Errno.EINVAL;
        if (length + baseIndex < length) return Errno.EINVAL;
        uint maxIndex = length + baseIndex - 1;
        var last = exec.ShaderStates[^1];
        if (maxIndex > last.MaxIndex) exec.ShaderStates[^1] = last with { MaxIndex = maxIndex };
        return Errno.None;
    }

    // validate_gl_shader_state(): at most shader_rec_count of them; the "address" holds only the attribute count
    // and the extended bit.
    private static Errno ShaderState(Vc4Exec exec, ReadOnlySpan<byte> d)
    {
        int i = exec.ShaderStates.Count;
        uint addr = BinaryPrimitives.ReadUInt32LittleEndian(d);
        exec.ShaderStates.Add((addr, 0));
        if (i >= exec.ShaderStateSize) return Errno.EINVAL;
        return (addr & ~0xfu) != 0 ? Errno.EINVAL : Errno.None;
    }

    // validate_tile_binning_config(): once; non-zero tile counts; no double-buffer or 64-bit tile buffer; takes a
    // bin slot that the job keeps until it completes.
    private static Errno TileBinningConfig(Vc4Exec exec, ReadOnlySpan<byte> d, Func<int> allocateBinSlot)
    {
        if (exec.FoundTileBinningModeConfig) return Errno.EINVAL;
        exec.FoundTileBinningModeConfig = true;
        exec.BinTilesX = d[12];
        exec.BinTilesY = d[13];
        byte flags = d[14];
        if (exec.BinTilesX == 0 || exec.BinTilesY == 0) return Errno.EINVAL;
        if ((flags & (Vc4Packets.BinConfigDbNonMs | Vc4Packets.BinConfigTileBuffer64Bit)) != 0) return Errno.EINVAL;
        int slot = allocateBinSlot();
        if (slot < 0) return (Errno)(-slot);
        exec.Job.BinSlots |= 1u << slot;
        return Errno.None;
    }

    // validate_gem_handles(): the two BO indices later packets refer to.
    private static Errno GemHandles(Vc4Exec exec, ReadOnlySpan<byte> d)
    {
        exec.BoIndex[0] = BinaryPrimitives.ReadUInt32LittleEndian(d);
        exec.BoIndex[1] = BinaryPrimitives.ReadUInt32LittleEndian(d[4..]);
        return Errno.None;
    }
}
