using HilHarness.Uapi.Vc4;
using static HilHarness.Uapi.IoctlDirection;
using static HilHarness.Uapi.IoctlNodes;

namespace HilHarness.Uapi;

/// <summary>The 15 vc4 ioctls (include/uapi/drm/vc4_drm.h, identical in 6.12, 6.18 and 7.1.3). All DRM_IOWR;
/// nr = DRM_COMMAND_BASE + DRM_VC4_*. On Pi 4/5 the vc4 driver registers none of them (EINVAL from the core).</summary>
public static class Vc4Ioctls
{
    private const string H = "include/uapi/drm/vc4_drm.h";

    private static IoctlDefinition Def<T>(string name, byte index, IoctlNodes nodes = Any, string note = H) where T : unmanaged
        => IoctlDefinition.Fixed<T>("DRM_IOCTL_VC4_" + name, "vc4." + name.ToLowerInvariant(), ReadWrite,
            (byte)(IoctlCode.DrmCommandBase + index), nodes, note);

    public static readonly IoctlDefinition SubmitCl = Def<drm_vc4_submit_cl>("SUBMIT_CL", 0x00);
    public static readonly IoctlDefinition WaitSeqno = Def<drm_vc4_wait_seqno>("WAIT_SEQNO", 0x01);
    public static readonly IoctlDefinition WaitBo = Def<drm_vc4_wait_bo>("WAIT_BO", 0x02);
    public static readonly IoctlDefinition CreateBo = Def<drm_vc4_create_bo>("CREATE_BO", 0x03,
        note: H + "; grabs the file's binner BO reference before the BO is created (5.3+)");
    public static readonly IoctlDefinition MmapBo = Def<drm_vc4_mmap_bo>("MMAP_BO", 0x04);
    public static readonly IoctlDefinition CreateShaderBo = Def<drm_vc4_create_shader_bo>("CREATE_SHADER_BO", 0x05);
    public static readonly IoctlDefinition GetHangState = Def<drm_vc4_get_hang_state>("GET_HANG_STATE", 0x06,
        Primary | RootOnly, H + "; DRM_ROOT_ONLY");
    public static readonly IoctlDefinition GetParam = Def<drm_vc4_get_param>("GET_PARAM", 0x07);
    public static readonly IoctlDefinition SetTiling = Def<drm_vc4_set_tiling>("SET_TILING", 0x08);
    public static readonly IoctlDefinition GetTiling = Def<drm_vc4_get_tiling>("GET_TILING", 0x09);
    public static readonly IoctlDefinition LabelBo = Def<drm_vc4_label_bo>("LABEL_BO", 0x0a);
    public static readonly IoctlDefinition GemMadvise = Def<drm_vc4_gem_madvise>("GEM_MADVISE", 0x0b);
    public static readonly IoctlDefinition PerfmonCreate = Def<drm_vc4_perfmon_create>("PERFMON_CREATE", 0x0c);
    public static readonly IoctlDefinition PerfmonDestroy = Def<drm_vc4_perfmon_destroy>("PERFMON_DESTROY", 0x0d);
    public static readonly IoctlDefinition PerfmonGetValues = Def<drm_vc4_perfmon_get_values>("PERFMON_GET_VALUES", 0x0e);

    public static IReadOnlyList<IoctlDefinition> All { get; } =
    [
        SubmitCl, WaitSeqno, WaitBo, CreateBo, MmapBo, CreateShaderBo, GetHangState, GetParam, SetTiling, GetTiling,
        LabelBo, GemMadvise, PerfmonCreate, PerfmonDestroy, PerfmonGetValues,
    ];
}
