using System.Runtime.InteropServices;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Vc4;

// DRM_IOCTL_VC4_GET_PARAM and DRM_IOCTL_VC4_GET_HANG_STATE.
public sealed partial class Vc4Driver
{
    // V3D_IDENT0..2 of a BCM2837 V3D 2.1 ("V3D" plus tech version 2; 3 slices of 4 QPUs, 2 TMUs, 16 semaphores,
    // VPM 12 KiB). Representative values: a board's own registers may differ in revision bits.
    private static readonly uint[] IdentRegisters = [0x02443356, 0xc0102431, 0x00000444];

    // vc4_get_param_ioctl(): IDENT reads wake the GPU (a PM reference taken and dropped); feature params are 1.
    private Errno GetParam(Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_get_param>(arg);
        if (a.pad != 0) return Errno.EINVAL;
        switch (a.param)
        {
            case <= 2:
                var errno = pm.Get();
                if (errno != Errno.None) return errno;
                a.value = IdentRegisters[a.param];
                pm.Put();
                return Errno.None;
            case <= 8: // SUPPORTS_BRANCHES, _ETC1, _THREADED_FS, _FIXED_RCL_ORDER, _MADVISE, _PERFMON
                a.value = 1;
                return Errno.None;
            default:
                return Errno.EINVAL;
        }
    }
}
