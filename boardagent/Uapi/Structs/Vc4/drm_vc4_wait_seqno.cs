// Layout: Linux 7.1.3 include/uapi/drm/vc4_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Vc4;

/// <summary><c>struct drm_vc4_wait_seqno</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct drm_vc4_wait_seqno
{
    [FieldOffset(0)] public ulong seqno;
    [FieldOffset(8)] public ulong timeout_ns;
}
