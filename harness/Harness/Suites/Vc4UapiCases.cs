using HilHarness.Model;
using HilHarness.Model.Vc4;
using HilHarness.Scenarios;
using static HilHarness.Suites.Ops;

namespace HilHarness.Suites;

/// <summary>
/// The vc4 uAPI suite: every errno row of kernel-facts A.9 (madvise), A.10 (label), A.11 (tiling, mmap, waits,
/// GET_PARAM, perfmon, SUBMIT_CL validation, hang state), each with the IGT subtest that covers the same row.
/// </summary>
public static class Vc4UapiCases
{
    public const string Suite = "vc4-uapi";

    private const long Target = Vc4Jobs.TargetBytes;

    private static SuiteCase Case(string name, string description, Action<Scenario> build, string? igt = null) =>
        new(Suite, "vc4", name, description, build) { Igt = igt };

    /// <summary>A file with one 4 KiB BO "a": the start of most rows.</summary>
    private static Scenario WithBo(Scenario s) => s.Open("f", "vc4").Vc4CreateBo("f", "a", 4096);

    /// <summary>SUBMIT_CL of the clear job with some arguments replaced (a row of A.11's table).</summary>
    private static Scenario SubmitWith(Scenario s, params (string Name, OpArg Value)[] changes) => s.SubmitClear("f", "j", "t", changes);

    private static Scenario WithTarget(Scenario s) => s.Open("f", "vc4").Vc4CreateBo("f", "t", Target);

    public static IReadOnlyList<SuiteCase> All { get; } =
    [
        Case("CreateBoSizeZeroIsEinval", "CREATE_BO of size 0 fails with EINVAL.", s => s.Open("f", "vc4").Vc4CreateBo("f", "a", 0).Close("f"), "vc4_create_bo@create-bo-0"),
        Case("CreateBo4096Succeeds", "CREATE_BO of one page succeeds and shows as one 4 KiB V3D BO.", s => WithBo(s).Close("f"), "vc4_create_bo@create-bo-4096"),
        Case("ShaderBoArgumentRowsAreEinval",
            "CREATE_SHADER_BO refuses a size that is not a multiple of 8, non-zero flags and non-zero pad with EINVAL.",
            s => s.Open("f", "vc4").Vc4CreateShaderBo("f", "x", new byte[12]).Vc4CreateShaderBo("f", "y", Vc4BinnerCases.MinimalShader(), flags: 1)
                  .Vc4CreateShaderBo("f", "z", Vc4BinnerCases.MinimalShader(), pad: 1).Close("f")),
        Case("ShaderBoMapsReadOnlyButNeverWritable",
            "A shader BO can be mapped read-only, and a writable map of it fails with EINVAL.",
            s => s.Open("f", "vc4").Vc4CreateShaderBo("f", "sh", Vc4BinnerCases.MinimalShader()).Vc4MmapBo("f", "sh", "off")
                  .Mmap("f", "off", "w", 4096).Mmap("f", "off", "r", 4096, writable: false).Munmap("r").Close("f")),

        Case("MadviseBadMadvIsEinval", "GEM_MADVISE with madv 2 fails with EINVAL.", s => WithBo(s).Vc4Madvise("f", "a", 2).Close("f")),
        Case("MadvisePadIsEinval", "GEM_MADVISE with a non-zero pad fails with EINVAL.", s => WithBo(s).Vc4Madvise("f", "a", 1, pad: 1).Close("f")),
        Case("MadviseBadHandleIsEnoent", "GEM_MADVISE on a handle the file does not have fails with ENOENT.",
            s => WithBo(s).Add("vc4.gem_madvise", null, Fd("f"), N("handle", 0x7777), N("madv", 1)).Close("f")),
        Case("MadvisePurgeableRoundTripRetains",
            "Marking a BO DONTNEED puts it in the userspace BO cache and WILLNEED takes it out again with retained = 1.",
            s => WithBo(s).Vc4Madvise("f", "a", 1).Vc4Madvise("f", "a", 1).Vc4Madvise("f", "a", 0).Vc4Madvise("f", "a", 0).Close("f"),
            "vc4_purgeable_bo@mark-unpurgeable-check-retained"),
        Case("MmapOfPurgeableBoIsEinval", "A DONTNEED BO cannot be mapped: mmap fails with EINVAL.",
            s => WithBo(s).Vc4MmapBo("f", "a", "off").Vc4Madvise("f", "a", 1).Mmap("f", "off", "m", 4096).Close("f"),
            "vc4_purgeable_bo@access-purgeable-bo-mem"),
        Case("SubmitWithPurgeableBoIsEinval", "SUBMIT_CL naming a DONTNEED BO fails with EINVAL and starts no job.",
            s => SubmitWith(WithTarget(s).Vc4Madvise("f", "t", 1)).Close("f")),

        Case("LabelZeroLengthIsEinval", "LABEL_BO with len 0 fails with EINVAL.",
            s => WithBo(s).Add("vc4.label_bo", null, Fd("f"), S("handle", "a"), ("name", OpArg.Str("x")), N("len", 0)).Close("f")),
        Case("LabelBadHandleIsEnoent", "LABEL_BO on a handle the file does not have fails with ENOENT.",
            s => WithBo(s).Add("vc4.label_bo", null, Fd("f"), N("handle", 0x7777), ("name", OpArg.Str("x"))).Close("f"), "vc4_label_bo@set-bad-handle"),
        Case("LabelUnterminatedNameIsEinval", "LABEL_BO whose name has no NUL within len + 1 bytes fails with EINVAL.",
            s => WithBo(s).Add("vc4.label_bo", null, Fd("f"), S("handle", "a"), ("name_bytes", OpArg.Bytes("abcdef"u8.ToArray())), N("len", 3)).Close("f")),
        Case("LabelMovesBoToUserLabel", "A labelled BO moves from V3D to its own label in bo_stats, and shares it with a second BO of the same name.",
            s => WithBo(s).Vc4CreateBo("f", "b", 4096).Vc4LabelBo("f", "a", "mine").Vc4LabelBo("f", "b", "mine").Close("f"), "vc4_label_bo@set-label"),
        Case("LabelKernelNameIsAccepted", "A user label that collides with a kernel label name (BCL) is accepted.",
            s => WithBo(s).Vc4LabelBo("f", "a", "BCL").Close("f"), "vc4_label_bo@set-kernel-name"),

        Case("SetTilingBadFlagsIsEinval", "SET_TILING with non-zero flags fails with EINVAL.",
            s => WithBo(s).Add("vc4.set_tiling", null, Fd("f"), S("handle", "a"), N("flags", 1)).Close("f"), "vc4_tiling@set-bad-flags"),
        Case("SetTilingBadModifierIsEinval", "SET_TILING with a modifier other than linear or T-tiled fails with EINVAL.",
            s => WithBo(s).Add("vc4.set_tiling", null, Fd("f"), S("handle", "a"), N("modifier", 0x0700000000000002)).Close("f"), "vc4_tiling@set-bad-modifier"),
        Case("SetTilingBadHandleIsEnoent", "SET_TILING on an unknown handle fails with ENOENT.",
            s => WithBo(s).Add("vc4.set_tiling", null, Fd("f"), N("handle", 0x7777)).Close("f"), "vc4_tiling@set-bad-handle"),
        Case("GetTilingBadInputIsEinval", "GET_TILING with non-zero flags or modifier on input fails with EINVAL.",
            s => WithBo(s).Add("vc4.get_tiling", null, Fd("f"), S("handle", "a"), N("flags", 1))
                  .Add("vc4.get_tiling", null, Fd("f"), S("handle", "a"), N("modifier", 1)).Close("f"), "vc4_tiling@get-bad-flags"),
        Case("GetTilingBadHandleIsEnoent", "GET_TILING on an unknown handle fails with ENOENT.",
            s => WithBo(s).Add("vc4.get_tiling", null, Fd("f"), N("handle", 0x7777)).Close("f"), "vc4_tiling@get-bad-handle"),
        Case("SetThenGetTilingRoundTrips", "A modifier set with SET_TILING reads back through GET_TILING, T-tiled then linear.",
            s => WithBo(s).Add("vc4.set_tiling", null, Fd("f"), S("handle", "a"), N("modifier", unchecked((long)Vc4Model.TTiledModifier)))
                  .Add("vc4.get_tiling", null, Fd("f"), S("handle", "a")).Add("vc4.set_tiling", null, Fd("f"), S("handle", "a"))
                  .Add("vc4.get_tiling", null, Fd("f"), S("handle", "a")).Close("f"), "vc4_tiling@set-get"),

        Case("MmapBoBadHandleIsEinval", "MMAP_BO on an unknown handle fails with EINVAL, not ENOENT.",
            s => WithBo(s).Add("vc4.mmap_bo", null, Fd("f"), N("handle", 0x7777)).Close("f"), "vc4_mmap@mmap-bad-handle"),
        Case("MmapHoldsBoPastGemClose", "A mapping keeps its BO after GEM_CLOSE; the BO goes when the mapping does.",
            s => WithBo(s).Vc4MmapBo("f", "a", "off").Mmap("f", "off", "m", 4096).GemClose("f", "a").Munmap("m").Close("f"), "vc4_mmap@mmap-bo"),

        Case("WaitBoPadIsEinval", "WAIT_BO with a non-zero pad fails with EINVAL.",
            s => WithBo(s).Add("vc4.wait_bo", null, Fd("f"), S("handle", "a"), N("pad", 1)).Close("f"), "vc4_wait_bo@bad-pad"),
        Case("WaitBoBadHandleIsEinval", "WAIT_BO on an unknown handle fails with EINVAL, not ENOENT.",
            s => WithBo(s).Add("vc4.wait_bo", null, Fd("f"), N("handle", 0x7777)).Close("f"), "vc4_wait_bo@bad-bo"),
        Case("WaitBoUnusedSucceedsAtZeroTimeout", "WAIT_BO on a BO no job uses succeeds even with a zero timeout.",
            s => WithBo(s).Add("vc4.wait_bo", null, Fd("f"), S("handle", "a")).Close("f"), "vc4_wait_bo@unused-bo-0ns"),
        Case("WaitOnUnfinishedJobAtZeroTimeoutIsEtime",
            "WAIT_SEQNO and WAIT_BO with a zero timeout on an unfinished job fail with ETIME, and succeed once it completes.",
            s => WithTarget(s).SubmitClear("f", "j", "t").Vc4WaitSeqno("f", "j", 0)
                  .Add("vc4.wait_bo", null, Fd("f"), S("handle", "t")).SimCompleteJobs().Vc4WaitSeqno("f", "j", 0).Close("f"),
            "vc4_wait_bo@used-bo-0ns"),

        Case("GetParamRows", "GET_PARAM answers 1 for each feature param 3–8 and fails with EINVAL for pad ≠ 0 and an unknown param.",
            s =>
            {
                s.Open("f", "vc4");
                for (int p = 0; p <= 8; p++) s.Vc4GetParam("f", p);
                s.Vc4GetParam("f", 9).Vc4GetParam("f", 3, pad: 1).Close("f");
            }),
        Case("GetHangStateWithoutHangIsEnoent", "GET_HANG_STATE with no saved hang fails with ENOENT (EACCES for non-root).",
            s => s.Open("f", "vc4").Add("vc4.get_hang_state", null, Fd("f")).Close("f")),

        Case("SubmitClearJobSucceeds", "The minimal clear job is accepted, creates its RCL and BCL, and they go when it completes.",
            s => WithTarget(s).SubmitClear("f", "j", "t").SimCompleteJobs().Close("f")),
        Case("SubmitUnknownFlagIsEinval", "SUBMIT_CL with a flag outside bits 0–3 fails with EINVAL.",
            s => SubmitWith(WithTarget(s), N("flags", 1 << 4)).Close("f")),
        Case("SubmitPad2IsEinval", "SUBMIT_CL with a non-zero pad2 fails with EINVAL.",
            s => SubmitWith(WithTarget(s), N("pad2", 1)).Close("f")),
        Case("SubmitNoBosIsEinval", "SUBMIT_CL with bo_handle_count 0 fails with EINVAL.",
            s => SubmitWith(WithTarget(s), ("bo_handles", OpArg.List([]))).Close("f")),
        Case("SubmitUnknownBoIsEnoent", "SUBMIT_CL naming a BO handle the file does not have fails with ENOENT (and never oopses).",
            s => SubmitWith(WithTarget(s), ("bo_handles", OpArg.List([OpArg.Of(0x7777)]))).Close("f"), "vc4_lookup_fail@bad-color-write")
            with { Catches = ["E8"] },
        Case("SubmitUnknownPerfmonIsEnoent", "SUBMIT_CL naming an unknown perfmon fails with ENOENT.",
            s => SubmitWith(WithTarget(s), N("perfmonid", 77)).Close("f")),
        Case("SubmitBadInSyncIsEnoent", "SUBMIT_CL with an unknown in_sync syncobj fails with ENOENT.",
            s => SubmitWith(WithTarget(s), N("in_sync", 77)).Close("f")),
        Case("SubmitBadOutSyncIsEinval",
            "SUBMIT_CL with an unknown out_sync syncobj fails with EINVAL, looked up after the job's BCL and RCL were made, so they go to the kernel BO cache.",
            s => SubmitWith(WithTarget(s), N("out_sync", 77)).Close("f")),

        Case("PerfmonCreateSucceeds", "PERFMON_CREATE with one event returns a perfmon id.",
            s => s.Open("f", "vc4").Vc4PerfmonCreate("f", "p").Close("f"), "vc4_perfmon@create-single-perfmon"),
        Case("PerfmonOfClosedFileIsNotUsedByOthers",
            "A file that closes while its perfmon is still the active one (its job finished with no job after it) leaves no stale active perfmon: another file's job with its own perfmon runs cleanly.",
            // The job completes before the close: a job queued behind it with another perfmon would stop the perfmon
            // at completion (vc4_irq_finish_render_job), and only the close-time stop that E6 lacks is left to test.
            s => s.Open("a", "vc4").Open("b", "vc4").Vc4CreateBo("a", "ta", Target).Vc4CreateBo("b", "tb", Target)
                  .Vc4PerfmonCreate("a", "pa").SubmitClear("a", "ja", "ta", ("perfmonid", OpArg.Sym("pa"))).SimCompleteJobs()
                  .Close("a").Vc4PerfmonCreate("b", "pb")
                  .SubmitClear("b", "jb", "tb", ("perfmonid", OpArg.Sym("pb")))
                  .SimCompleteJobs().Close("b"))
            with { Catches = ["E6"] },
    ];
}
