// Layout: Linux 7.1.3 include/uapi/drm/vc4_drm.h; identical on x86_64, aarch64 and armhf (checked by LayoutTests).
using System.Runtime.InteropServices;

namespace HilHarness.Uapi.Vc4;

/// <summary><c>struct drm_vc4_get_hang_state</c> (160 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 160)]
public unsafe struct drm_vc4_get_hang_state
{
    [FieldOffset(0)] public ulong bo;
    [FieldOffset(8)] public uint bo_count;
    [FieldOffset(12)] public uint start_bin;
    [FieldOffset(16)] public uint start_render;
    [FieldOffset(20)] public uint ct0ca;
    [FieldOffset(24)] public uint ct0ea;
    [FieldOffset(28)] public uint ct1ca;
    [FieldOffset(32)] public uint ct1ea;
    [FieldOffset(36)] public uint ct0cs;
    [FieldOffset(40)] public uint ct1cs;
    [FieldOffset(44)] public uint ct0ra0;
    [FieldOffset(48)] public uint ct1ra0;
    [FieldOffset(52)] public uint bpca;
    [FieldOffset(56)] public uint bpcs;
    [FieldOffset(60)] public uint bpoa;
    [FieldOffset(64)] public uint bpos;
    [FieldOffset(68)] public uint vpmbase;
    [FieldOffset(72)] public uint dbge;
    [FieldOffset(76)] public uint fdbgo;
    [FieldOffset(80)] public uint fdbgb;
    [FieldOffset(84)] public uint fdbgr;
    [FieldOffset(88)] public uint fdbgs;
    [FieldOffset(92)] public uint errstat;
    [FieldOffset(96)] public fixed uint pad[16];
}
