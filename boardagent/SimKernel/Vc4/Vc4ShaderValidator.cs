using System.Buffers.Binary;

namespace HilHarness.SimKernel.Vc4;

/// <summary>
/// A reduced vc4_validate_shader() (vc4_validate_shaders.c). It keeps the decisions that make CREATE_SHADER_BO
/// accept or refuse ordinary shaders: every signal must be one the validator supports, and the program must reach a
/// PROG_END followed by its two delay slots inside the BO. It records threading (THREAD_SWITCH /
/// LAST_THREAD_SWITCH) and counts uniform reads (raddr 32 on the A or B file) for the shader-record checks.
/// Simplified away: the per-register write checks (TMU setup, uniform address resets, branch targets, live-register
/// tracking), so texture samples are never recorded and a shader the kernel refuses for a bad register write is
/// accepted here.
/// </summary>
internal static class Vc4ShaderValidator
{
    private const int SigSwBreakpoint = 0, SigThreadSwitch = 2, SigProgEnd = 3, SigLastThreadSwitch = 6;
    private const int SigCoverageLoad = 7, SigColorLoadEnd = 9, SigAlphaMaskLoad = 12, SigSmallImm = 13;
    private const int SigLoadImm = 14, SigBranch = 15;
    private const int RaddrUniform = 32;

    /// <summary>The validated shader, or null when the kernel would refuse it (CREATE_SHADER_BO then fails with
    /// EINVAL).</summary>
    public static Vc4ValidatedShader? Validate(ReadOnlySpan<byte> code)
    {
        int count = code.Length / 8;
        int endIp = -1;
        bool threaded = false;
        uint uniforms = 0;
        for (int ip = 0; ip < count; ip++)
        {
            ulong inst = BinaryPrimitives.ReadUInt64LittleEndian(code[(ip * 8)..]);
            int sig = (int)(inst >> 60);
            int raddrA = (int)(inst >> 18) & 0x3f;
            int raddrB = (int)(inst >> 12) & 0x3f;
            switch (sig)
            {
                case SigSwBreakpoint or SigCoverageLoad or SigColorLoadEnd or SigAlphaMaskLoad:
                    return null; // "Unsupported QPU signal"
                case SigThreadSwitch or SigLastThreadSwitch:
                    threaded = true;
                    break;
                case SigProgEnd:
                    endIp = ip;
                    break;
            }
            if (sig is not (SigLoadImm or SigBranch))
            {
                if (raddrA == RaddrUniform) uniforms++;
                if (raddrB == RaddrUniform && sig != SigSmallImm) uniforms++;
            }
            if (endIp >= 0 && ip == endIp + 2) return new Vc4ValidatedShader(threaded, uniforms * 4, uniforms * 4, 0);
        }
        return null; // "shader failed to terminate before shader BO end"
    }
}
