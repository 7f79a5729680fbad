using System.Buffers.Binary;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>QPU programs for CREATE_SHADER_BO tests.</summary>
public static class Vc4Shaders
{
    // A QPU NOP (signal "none", both ALUs writing the NOP register) and the same with the PROG_END signal.
    private const ulong Nop = 0x100009e7_009e7000, ProgEnd = 0x300009e7_009e7000;

    /// <summary>nop; thrend; nop; nop — the smallest program the validator accepts.</summary>
    public static byte[] Minimal => Encode(Nop, ProgEnd, Nop, Nop);

    /// <summary>A program that reads one uniform (raddr_a = 32) before ending.</summary>
    public static byte[] ReadsOneUniform => Encode((Nop & ~(0x3fUL << 18)) | (32UL << 18), ProgEnd, Nop, Nop);

    /// <summary>thrend without its two delay slots inside the BO.</summary>
    public static byte[] MissingDelaySlots => Encode(Nop, ProgEnd, Nop);

    private static byte[] Encode(params ulong[] instructions)
    {
        var bytes = new byte[instructions.Length * 8];
        for (int i = 0; i < instructions.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), instructions[i]);
        return bytes;
    }
}
