using NUnit.Framework;
using HilHarness.Model;
using HilHarness.Scenarios;
using HilHarness.Uapi;

namespace HilHarness.Tests.Model;

[TestFixture]
public class Vc4ErrnoSpecTests
{
    private static Scenario WithBo()
    {
        var s = new Scenario(Boards.Rpi3_612);
        return s.Open("A", "vc4").Vc4CreateBo("A", "bo", 4096);
    }

    private static Errno Run(Func<Scenario, Scenario> step) => step(WithBo()).Last.Errno;

    [TestCase("madv 2", 2L, 0L, Errno.EINVAL)]
    [TestCase("pad", 0L, 1L, Errno.EINVAL)]
    [TestCase("ok", 1L, 0L, Errno.None)]
    [Description("kernel-facts A.9: GEM_MADVISE rejects a madv other than 0/1 and a non-zero pad with EINVAL.")]
    public void MadviseArgumentRows(string row, long madv, long pad, Errno expected) =>
        Assert.That(Run(s => s.Vc4Madvise("A", "bo", madv, pad)), Is.EqualTo(expected), row);

    [Test, Description("kernel-facts A.9: GEM_MADVISE on an unknown handle is ENOENT.")]
    public void MadviseBadHandleIsEnoent() =>
        Assert.That(Run(s => s.Add("vc4.gem_madvise", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Of(0x7fff)), ("madv", OpArg.Of(1)))), Is.EqualTo(Errno.ENOENT));

    [Test, Description("kernel-facts A.9: a DONTNEED BO cannot be submitted (vc4_bo_inc_usecnt fails with EINVAL) and cannot be mmapped.")]
    public void DontNeedBoRefusesSubmitAndMmap()
    {
        var s = WithBo().Vc4Madvise("A", "bo", 1).Vc4MmapBo("A", "bo", "off");
        Assert.That(s.Mmap("A", "off", "m", 4096).Last.Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(s.Vc4SubmitClear("A", "job", "bo").Last.Errno, Is.EqualTo(Errno.EINVAL));
    }

    [Test, Description("kernel-facts A.9: a shader BO may be mapped read-only but never writable.")]
    public void ShaderBoRefusesWritableMmap()
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateShaderBo("A", "sh", new byte[16]).Vc4MmapBo("A", "sh", "off");
        Assert.That(s.Mmap("A", "off", "w", 4096, writable: true).Last.Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(s.Mmap("A", "off", "r", 4096, writable: false).Last.Errno, Is.EqualTo(Errno.None));
    }

    [TestCase(0, Errno.EINVAL)]
    [TestCase(0x7fff, Errno.ENOENT)]
    [Description("kernel-facts A.10: LABEL_BO with len 0 is EINVAL (checked first); an unknown handle is ENOENT.")]
    public void LabelRows(int handleOrZeroLen, Errno expected)
    {
        var s = WithBo();
        s = handleOrZeroLen == 0
            ? s.Add("vc4.label_bo", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Sym("bo")), ("name", OpArg.Str("x")), ("len", OpArg.Of(0)))
            : s.Add("vc4.label_bo", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Of(handleOrZeroLen)), ("name", OpArg.Str("x")));
        Assert.That(s.Last.Errno, Is.EqualTo(expected));
    }

    [Test, Description("kernel-facts A.10: a name with no NUL within len + 1 bytes is EINVAL; a bad name pointer is EFAULT.")]
    public void LabelNameRows()
    {
        var unterminated = WithBo().Add("vc4.label_bo", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Sym("bo")),
            ("name_bytes", OpArg.Bytes("abcd"u8)), ("len", OpArg.Of(2)));
        Assert.That(unterminated.Last.Errno, Is.EqualTo(Errno.EINVAL));
        var fault = WithBo().Add("vc4.label_bo", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Sym("bo")), ("name", OpArg.Of(0x10)), ("len", OpArg.Of(4)));
        Assert.That(fault.Last.Errno, Is.EqualTo(Errno.EFAULT));
    }

    [Test, Description("kernel-facts A.10: a label moves the BO's size and count from its type label to the user label in bo_stats.")]
    public void LabelMovesBoStatsLine()
    {
        var stats = (BoStatsExpectation)WithBo().Vc4LabelBo("A", "bo", "mine").Last.Observations.Single();
        Assert.That(stats.Labels.ContainsKey("V3D"), Is.False);
        Assert.That(stats.Labels["mine"], Is.EqualTo(LabelExpectation.Exactly(1, 4)));
    }

    [TestCase("flags", "flags", 0x10L, Errno.EINVAL)]
    [TestCase("pad2", "pad2", 1L, Errno.EINVAL)]
    [TestCase("perfmonid", "perfmonid", 99L, Errno.ENOENT)]
    [TestCase("in_sync", "in_sync", 5L, Errno.ENOENT)]
    [TestCase("out_sync", "out_sync", 5L, Errno.EINVAL)]
    [Description("kernel-facts A.11: SUBMIT_CL's argument errors, one row each.")]
    public void SubmitClRows(string row, string field, long value, Errno expected)
    {
        var args = Vc4CommandLists.ClearJob("A", "bo", 64, 64, 0).SetItem(field, OpArg.Of(value));
        Assert.That(WithBo().Add(new ModelOp("vc4.submit_cl", args, "job")).Last.Errno, Is.EqualTo(expected), row);
    }

    [Test, Description("kernel-facts A.11: SUBMIT_CL with no BO handles is EINVAL, with an unknown handle ENOENT.")]
    public void SubmitClHandleRows()
    {
        var none = Vc4CommandLists.ClearJob("A", "bo", 64, 64, 0).SetItem("bo_handles", OpArg.List([]));
        Assert.That(WithBo().Add(new ModelOp("vc4.submit_cl", none, "j")).Last.Errno, Is.EqualTo(Errno.EINVAL));
        var bad = Vc4CommandLists.ClearJob("A", "bo", 64, 64, 0).SetItem("bo_handles", OpArg.List([OpArg.Of(0x7fff)]));
        Assert.That(WithBo().Add(new ModelOp("vc4.submit_cl", bad, "j")).Last.Errno, Is.EqualTo(Errno.ENOENT));
    }

    [Test, Description("kernel-facts A.11: WAIT_SEQNO on an unfinished job with timeout 0 is ETIME; after completion it succeeds.")]
    public void WaitSeqnoRows()
    {
        var s = WithBo().Vc4SubmitClear("A", "job", "bo").Vc4WaitSeqno("A", "job", 0);
        Assert.That(s.Last.Errno, Is.EqualTo(Errno.ETIME));
        Assert.That(s.SimCompleteJobs().Vc4WaitSeqno("A", "job", 0).Last.Errno, Is.EqualTo(Errno.None));
    }

    [Test, Description("kernel-facts A.11: WAIT_BO with pad is EINVAL and with a bad handle EINVAL (not ENOENT).")]
    public void WaitBoRows()
    {
        Assert.That(WithBo().Add("vc4.wait_bo", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Sym("bo")), ("pad", OpArg.Of(1))).Last.Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(WithBo().Add("vc4.wait_bo", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Of(0x7fff))).Last.Errno, Is.EqualTo(Errno.EINVAL));
    }

    [Test, Description("kernel-facts A.11: MMAP_BO with a bad handle is EINVAL (not ENOENT); GEM_CLOSE of an unknown handle is EINVAL (B.2).")]
    public void MmapBoAndGemCloseBadHandle()
    {
        Assert.That(WithBo().Add("vc4.mmap_bo", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Of(0x7fff))).Last.Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(WithBo().GemClose("A", 0x7fff).Last.Errno, Is.EqualTo(Errno.EINVAL));
    }

    [TestCase("set flags", "vc4.set_tiling", "flags", 1L, Errno.EINVAL)]
    [TestCase("set modifier", "vc4.set_tiling", "modifier", 5L, Errno.EINVAL)]
    [TestCase("get flags", "vc4.get_tiling", "flags", 1L, Errno.EINVAL)]
    [TestCase("get modifier", "vc4.get_tiling", "modifier", 1L, Errno.EINVAL)]
    [Description("kernel-facts A.11: SET_TILING/GET_TILING argument checks.")]
    public void TilingRows(string row, string op, string field, long value, Errno expected) =>
        Assert.That(WithBo().Add(op, null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Sym("bo")), (field, OpArg.Of(value))).Last.Errno, Is.EqualTo(expected), row);

    [Test, Description("kernel-facts A.11: tiling ioctls on an unknown handle are ENOENT; GET_TILING returns the modifier SET_TILING stored.")]
    public void TilingHandleAndRoundTrip()
    {
        Assert.That(WithBo().Add("vc4.set_tiling", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Of(0x7fff))).Last.Errno, Is.EqualTo(Errno.ENOENT));
        Assert.That(WithBo().Add("vc4.get_tiling", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Of(0x7fff))).Last.Errno, Is.EqualTo(Errno.ENOENT));
        var s = WithBo().Add("vc4.set_tiling", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Sym("bo")), ("modifier", OpArg.Of((long)HilHarness.Model.Vc4.Vc4Model.TTiledModifier)))
            .Add("vc4.get_tiling", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Sym("bo")));
        Assert.That(s.Last.Out["modifier"], Is.EqualTo(new ExactValue(HilHarness.Model.Vc4.Vc4Model.TTiledModifier)));
    }

    [TestCase(0L, 1L, Errno.EINVAL)]
    [TestCase(9L, 0L, Errno.EINVAL)]
    [TestCase(7L, 0L, Errno.None)]
    [Description("kernel-facts A.11: GET_PARAM rejects pad and unknown params; feature params 3–8 read 1.")]
    public void GetParamRows(long param, long pad, Errno expected)
    {
        var p = WithBo().Vc4GetParam("A", param, pad).Last;
        Assert.That(p.Errno, Is.EqualTo(expected));
        if (expected == Errno.None) Assert.That(p.Out["value"], Is.EqualTo(new ExactValue(1)));
    }

    [Test, Description("kernel-facts A.11: GET_HANG_STATE is EACCES for non-root and ENOENT with no saved hang.")]
    public void HangStateRows()
    {
        Assert.That(WithBo().Add("vc4.get_hang_state", null, ("fd", OpArg.Sym("A"))).Last.Errno, Is.EqualTo(Errno.ENOENT));
        var user = new Scenario(Boards.Rpi3_612 with { Root = false }).Open("A", "vc4").Add("vc4.get_hang_state", null, ("fd", OpArg.Sym("A")));
        Assert.That(user.Last.Errno, Is.EqualTo(Errno.EACCES));
    }

    [TestCase(0L, 0L, 0L, Errno.EINVAL)]
    [TestCase(12L, 0L, 0L, Errno.EINVAL)]
    [TestCase(16L, 1L, 0L, Errno.EINVAL)]
    [TestCase(16L, 0L, 1L, Errno.EINVAL)]
    [Description("kernel-facts A.4: CREATE_SHADER_BO argument checks (size 0, size not a multiple of 8, flags, pad) are EINVAL.")]
    public void ShaderBoArgumentRows(long size, long flags, long pad, Errno expected)
    {
        var s = new Scenario(Boards.Rpi3_612).Open("A", "vc4")
            .Add("vc4.create_shader_bo", "sh", ("fd", OpArg.Sym("A")), ("size", OpArg.Of(size)), ("flags", OpArg.Of(flags)), ("pad", OpArg.Of(pad)));
        Assert.That(s.Last.Errno, Is.EqualTo(expected));
    }
}
