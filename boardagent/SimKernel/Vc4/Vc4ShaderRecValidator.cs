using System.Buffers.Binary;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Vc4;

/// <summary>
/// vc4_validate_shader_recs() / validate_gl_shader_rec(): for every GL_SHADER_STATE packet, the relocation handles
/// and the record must fit in shader_rec_size; fs/vs/cs must be validated shader BOs at offset 0 with matching
/// thread modes and uniforms that fit uniforms_size; every attribute must lie inside its vertex BO for the highest
/// index the primitives use. Texture relocations are not simulated: <see cref="Vc4ShaderValidator"/> never records
/// texture samples, so reloc_tex() has nothing to check.
/// </summary>
internal static class Vc4ShaderRecValidator
{
    private static readonly int[] ShaderRelocOffsets = [4, 16, 28]; // fs, vs, cs

    public static Errno Validate(Vc4Exec exec)
    {
        int cursor = 0;
        uint remaining = (uint)exec.ShaderRecords.Length;
        foreach (var state in exec.ShaderStates)
        {
            var errno = ValidateOne(exec, state, ref cursor, ref remaining);
            if (errno != Errno.None) return errno;
        }
        return Errno.None;
    }

    // gl_shader_rec_size(): 36 + 8 per attribute, or 100 + 4 per attribute when extended; 0 attributes means 8.
    public static uint RecordSize(uint pointerBits)
    {
        uint attributes = pointerBits & 7;
        if (attributes == 0) attributes = 8;
        return (pointerBits & 8) != 0 ? 100 + attributes * 4 : 36 + attributes * 8;
    }

    private static Errno ValidateOne(Vc4Exec exec, (uint Addr, uint MaxIndex) state, ref int cursor, ref uint remaining)
    {
        uint attributes = state.Addr & 7;
        if (attributes == 0) attributes = 8;
        uint packetSize = RecordSize(state.Addr);
        uint relocs = (uint)ShaderRelocOffsets.Length + attributes;
        if (relocs * 4 > remaining) return Errno.EINVAL;
        var records = exec.ShaderRecords.AsSpan();
        var handles = records.Slice(cursor, (int)relocs * 4);
        cursor += (int)relocs * 4;
        remaining -= relocs * 4;
        if (packetSize > remaining) return Errno.EINVAL;
        var packet = records.Slice(cursor, (int)packetSize);
        cursor += (int)packetSize;
        remaining -= packetSize;

        var bos = new Vc4Bo[relocs];
        for (int i = 0; i < ShaderRelocOffsets.Length; i++)
        {
            uint h = BinaryPrimitives.ReadUInt32LittleEndian(handles[(i * 4)..]);
            // The kernel tests `> bo_count`, so h == bo_count reads one past exec->bo[]; the simulation rejects it.
            if (h >= exec.Bos.Count) return Errno.EINVAL;
            bos[i] = exec.Bos[(int)h];
        }
        for (int i = ShaderRelocOffsets.Length; i < relocs; i++)
        {
            var bo = exec.UseBo(BinaryPrimitives.ReadUInt32LittleEndian(handles[(i * 4)..]));
            if (bo is null) return Errno.EINVAL;
            bos[i] = bo;
        }
        // A missing validated shader is a NULL dereference in the kernel's thread-mode check; rejecting is the
        // only outcome the simulation can give without inventing an oops the kernel-facts do not describe.
        if (bos[0].ValidatedShader is not { } fs || bos[1].ValidatedShader is not { } vs || bos[2].ValidatedShader is not { } cs)
            return Errno.EINVAL;
        bool fsSingleThread = (BinaryPrimitives.ReadUInt16LittleEndian(packet) & 1) != 0;
        if (fsSingleThread == fs.IsThreaded) return Errno.EINVAL;
        if (vs.IsThreaded || cs.IsThreaded) return Errno.EINVAL;
        foreach (var (shader, o) in new[] { (fs, 4), (vs, 16), (cs, 28) })
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(packet[o..]) != 0) return Errno.EINVAL;
            if (shader.UniformsSrcSize > (uint)exec.Uniforms.Length) return Errno.EINVAL;
        }
        for (int i = 0; i < attributes; i++)
        {
            var vbo = bos[ShaderRelocOffsets.Length + i];
            int o = 36 + i * 8;
            uint offset = BinaryPrimitives.ReadUInt32LittleEndian(packet[o..]);
            uint attrSize = packet[o + 4] + 1u;
            uint stride = packet[o + 5];
            if ((state.Addr & 8) != 0) stride |= BinaryPrimitives.ReadUInt32LittleEndian(packet[(100 + i * 4)..]) & ~0xffu;
            if (vbo.Size < offset || vbo.Size - offset < attrSize) return Errno.EINVAL;
            if (stride != 0)
            {
                ulong maxIndex = (vbo.Size - offset - attrSize) / stride;
                if (state.MaxIndex > maxIndex) return Errno.EINVAL;
            }
        }
        return Errno.None;
    }
}
