using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;
using NUnit.Framework;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>kernel-facts A.9–A.11: one test per errno row of the vc4 ioctls other than SUBMIT_CL's validation.</summary>
[TestFixture]
public sealed class Vc4IoctlErrnoTests
{
    private Vc4Rig rig = null!;
    private SimDrmFile file = null!;
    private uint bo;

    [SetUp]
    public void SetUp()
    {
        rig = new Vc4Rig();
        file = rig.Open();
        bo = rig.CreateBo(file, 4096);
    }

    [TestCase(2u, 0u, Errno.EINVAL, TestName = "Madvise_UnknownMadv_EINVAL")]
    [TestCase(0u, 1u, Errno.EINVAL, TestName = "Madvise_PadSet_EINVAL")]
    [Description("GEM_MADVISE refuses madv values other than 0/1 and a non-zero pad.")]
    public void MadviseArgumentErrors(uint madv, uint pad, Errno expected)
        => Assert.That(rig.Madvise(file, bo, madv, out _, pad), Is.EqualTo(expected));

    [Test]
    [Description("GEM_MADVISE on an unknown handle is ENOENT.")]
    public void MadviseBadHandleIsEnoent() => Assert.That(rig.Madvise(file, 999, 0, out _), Is.EqualTo(Errno.ENOENT));

    [Test]
    [Description("GEM_MADVISE on a PRIME-imported BO is EINVAL.")]
    public void MadviseImportedIsEinval()
    {
        var imported = rig.Driver.ImportDmaBuf(4096, out _)!;
        uint handle = file.CreateHandle(imported);
        imported.Put();
        Assert.That(rig.Madvise(file, handle, 1, out _), Is.EqualTo(Errno.EINVAL));
    }

    [Test]
    [Description("DONTNEED puts an unused BO in the purgeable pool, WILLNEED takes it out, and a BO purged under pressure reports retained=0 for ever.")]
    public void MadvisePoolAndPurge()
    {
        Assert.That(rig.Madvise(file, bo, 1, out var retained), Is.EqualTo(Errno.None));
        Assert.That(retained, Is.EqualTo(1u));
        Assert.That(rig.BoStats, Does.Contain("            userspace BO cache:      4kb BOs (1)"));
        Assert.That(rig.Madvise(file, bo, 0, out _), Is.EqualTo(Errno.None));
        Assert.That(rig.BoStats, Does.Not.Contain("userspace BO cache"));
        Assert.That(rig.Madvise(file, bo, 1, out _), Is.EqualTo(Errno.None));
        Assert.That(rig.Driver.CanMap(file.Lookup(bo)!, MapProtection.Read), Is.EqualTo(Errno.EINVAL), "mmap of a purgeable BO");
        rig.Machine.Allocator.Apply(new FaultSpec("cma-fill"));
        Assert.That(rig.CreateBo(file, 4096, out _), Is.EqualTo(Errno.None), "CMA is full: the purged BO's pages make room");
        Assert.That(rig.BoStats, Does.Contain("               total purged BO:      4kb BOs (1)"));
        Assert.That(rig.Madvise(file, bo, 0, out retained), Is.EqualTo(Errno.None));
        Assert.That(retained, Is.Zero, "purged stays purged");
        Assert.That(rig.Madvise(file, bo, 0, out retained), Is.EqualTo(Errno.None));
        Assert.That(retained, Is.Zero);
    }

    [Test]
    [Description("SUBMIT_CL with a DONTNEED BO fails with EINVAL (vc4_bo_inc_usecnt), and an exported BO can never join the purgeable pool.")]
    public void UseCountRules()
    {
        uint target = rig.CreateBo(file, Vc4TestJob.TargetSize);
        Assert.That(rig.Madvise(file, target, 1, out _), Is.EqualTo(Errno.None));
        Assert.That(rig.Submit(file, Vc4TestJob.Clear(target), out _), Is.EqualTo(Errno.EINVAL));
        Assert.That(rig.Driver.CanExport(file.Lookup(bo)!), Is.EqualTo(Errno.None));
        Assert.That(rig.Madvise(file, bo, 1, out _), Is.EqualTo(Errno.None));
        Assert.That(rig.BoStats, Does.Contain("userspace BO cache:     64kb BOs (1)"), "only the DONTNEED target is in the pool");
        Assert.That(rig.CreateShaderBo(file, Vc4Shaders.Minimal, out var shader), Is.EqualTo(Errno.None));
        Assert.That(rig.Driver.CanExport(file.Lookup(shader)!), Is.EqualTo(Errno.EINVAL), "shader BOs cannot be exported");
        Assert.That(rig.Driver.CanMap(file.Lookup(shader)!, MapProtection.Read | MapProtection.Write), Is.EqualTo(Errno.EINVAL));
    }

    [Test]
    [Description("LABEL_BO: len 0 and a name without NUL within len+1 are EINVAL, a bad pointer EFAULT, a bad handle ENOENT.")]
    public void LabelErrors()
    {
        var a = new drm_vc4_label_bo { handle = bo, len = 0 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.LabelBo, ref a), Is.EqualTo(Errno.EINVAL), "len 0");
        using (var noNul = UserMemory.CopyOf("abcdef"u8))
        {
            a = new drm_vc4_label_bo { handle = bo, len = 3, name = (ulong)noNul.Address };
            Assert.That(rig.Ioctl(file, Vc4Ioctls.LabelBo, ref a), Is.EqualTo(Errno.EINVAL), "no NUL in len+1 bytes");
        }
        a = new drm_vc4_label_bo { handle = bo, len = 4, name = 0x10 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.LabelBo, ref a), Is.EqualTo(Errno.EFAULT), "bad pointer");
        Assert.That(rig.Label(file, 999, "x"), Is.EqualTo(Errno.ENOENT), "bad handle");
    }

    [Test]
    [Description("Labels move BOs between bo_stats lines, identical names share a slot, and a freed labelled BO shows as kernel BO cache.")]
    public void LabelsMoveStats()
    {
        uint second = rig.CreateBo(file, 8192);
        Assert.That(rig.Label(file, bo, "mesa"), Is.EqualTo(Errno.None));
        Assert.That(rig.Label(file, second, "mesa"), Is.EqualTo(Errno.None));
        Assert.That(rig.BoStats, Does.Contain("                          mesa:     12kb BOs (2)").And.Not.Contain("  V3D:"));
        rig.GemClose(file, bo);
        rig.GemClose(file, second);
        Assert.That(rig.BoStats, Does.Not.Contain("mesa").And.Contain("kernel BO cache:     12kb BOs (2)"));
    }

    [Test]
    [Description("MMAP_BO on a bad handle is EINVAL (not ENOENT); on a good one it returns a fake offset.")]
    public void MmapBo()
    {
        var a = new drm_vc4_mmap_bo { handle = 999 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.MmapBo, ref a), Is.EqualTo(Errno.EINVAL));
        a = new drm_vc4_mmap_bo { handle = bo };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.MmapBo, ref a), Is.EqualTo(Errno.None));
        Assert.That(a.offset, Is.Not.Zero);
    }

    [TestCase(1u, 0UL, 1u, Errno.EINVAL, TestName = "SetTiling_Flags_EINVAL")]
    [TestCase(0u, 0x0700000000000002UL, 1u, Errno.EINVAL, TestName = "SetTiling_UnknownModifier_EINVAL")]
    [TestCase(0u, 0x0700000000000001UL, 999u, Errno.ENOENT, TestName = "SetTiling_BadHandle_ENOENT")]
    [TestCase(0u, 0x0700000000000001UL, 1u, Errno.None, TestName = "SetTiling_TTiled_Ok")]
    [Description("SET_TILING's errno table.")]
    public void SetTilingErrors(uint flags, ulong modifier, uint handle, Errno expected)
    {
        var a = new drm_vc4_set_tiling { handle = handle, flags = flags, modifier = modifier };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.SetTiling, ref a), Is.EqualTo(expected));
    }

    [Test]
    [Description("GET_TILING refuses non-zero input flags/modifier, ENOENT for a bad handle, and reports what SET_TILING stored.")]
    public void GetTiling()
    {
        var g = new drm_vc4_get_tiling { handle = bo, modifier = 1 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.GetTiling, ref g), Is.EqualTo(Errno.EINVAL));
        g = new drm_vc4_get_tiling { handle = bo, flags = 1 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.GetTiling, ref g), Is.EqualTo(Errno.EINVAL));
        g = new drm_vc4_get_tiling { handle = 999 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.GetTiling, ref g), Is.EqualTo(Errno.ENOENT));
        var s = new drm_vc4_set_tiling { handle = bo, modifier = 0x0700000000000001UL };
        rig.Ioctl(file, Vc4Ioctls.SetTiling, ref s);
        g = new drm_vc4_get_tiling { handle = bo };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.GetTiling, ref g), Is.EqualTo(Errno.None));
        Assert.That(g.modifier, Is.EqualTo(0x0700000000000001UL));
    }

    [TestCase(0u, 1u, Errno.EINVAL, 0UL, TestName = "GetParam_Pad_EINVAL")]
    [TestCase(9u, 0u, Errno.EINVAL, 0UL, TestName = "GetParam_Unknown_EINVAL")]
    [TestCase(3u, 0u, Errno.None, 1UL, TestName = "GetParam_SupportsBranches_1")]
    [TestCase(8u, 0u, Errno.None, 1UL, TestName = "GetParam_SupportsPerfmon_1")]
    [Description("GET_PARAM's errno table and feature values.")]
    public void GetParam(uint param, uint pad, Errno expected, ulong value)
    {
        var a = new drm_vc4_get_param { param = param, pad = pad };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.GetParam, ref a), Is.EqualTo(expected));
        Assert.That(a.value, Is.EqualTo(value));
    }

    [Test]
    [Description("GET_PARAM of IDENT0 reads the V3D signature and wakes a suspended GPU for the read.")]
    public void GetParamIdentWakesGpu()
    {
        rig.Advance(50_000_000);
        Assert.That(rig.Driver.ReadSysfs("/sys/bus/platform/devices/3fc00000.v3d/power/runtime_status"), Is.EqualTo("suspended\n"));
        var a = new drm_vc4_get_param { param = 0 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.GetParam, ref a), Is.EqualTo(Errno.None));
        Assert.That(a.value & 0xffffff, Is.EqualTo(0x443356UL), "\"V3D\"");
        Assert.That(rig.Driver.ReadSysfs("/sys/bus/platform/devices/3fc00000.v3d/power/runtime_status"), Is.EqualTo("active\n"));
        rig.Advance(40_000_000);
        Assert.That(rig.Driver.RuntimeSuspended, Is.True, "idle again 40 ms after the put");
    }

    [Test]
    [Description("GET_HANG_STATE without a saved hang is ENOENT.")]
    public void HangStateWithoutHangIsEnoent()
    {
        var a = new drm_vc4_get_hang_state();
        Assert.That(rig.Ioctl(file, Vc4Ioctls.GetHangState, ref a), Is.EqualTo(Errno.ENOENT));
    }

    [Test]
    [Description("PERFMON_CREATE needs 1..16 counters of events below 30; ids start at 1 and the lowest free is reused.")]
    public void PerfmonCreate()
    {
        Assert.That(rig.PerfmonCreate(file, out _), Is.EqualTo(Errno.EINVAL), "no counters");
        Assert.That(rig.PerfmonCreate(file, out _, new byte[17]), Is.EqualTo(Errno.EINVAL), "17 counters");
        Assert.That(rig.PerfmonCreate(file, out _, 30), Is.EqualTo(Errno.EINVAL), "event 30");
        Assert.That(rig.PerfmonCreate(file, out var first, 29), Is.EqualTo(Errno.None));
        Assert.That(rig.PerfmonCreate(file, out var second, 0), Is.EqualTo(Errno.None));
        Assert.That((first, second), Is.EqualTo((1u, 2u)));
        var d = new drm_vc4_perfmon_destroy { id = 1 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.PerfmonDestroy, ref d), Is.EqualTo(Errno.None));
        Assert.That(rig.Ioctl(file, Vc4Ioctls.PerfmonDestroy, ref d), Is.EqualTo(Errno.EINVAL), "already destroyed");
        Assert.That(rig.PerfmonCreate(file, out var third, 1), Is.EqualTo(Errno.None));
        Assert.That(third, Is.EqualTo(1u));
    }

    [Test]
    [Description("PERFMON_GET_VALUES: unknown id EINVAL, bad pointer EFAULT, otherwise one u64 per counter.")]
    public void PerfmonGetValues()
    {
        rig.PerfmonCreate(file, out var id, 1, 2);
        var a = new drm_vc4_perfmon_get_values { id = 9 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.PerfmonGetValues, ref a), Is.EqualTo(Errno.EINVAL));
        a = new drm_vc4_perfmon_get_values { id = id, values_ptr = 0x10 };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.PerfmonGetValues, ref a), Is.EqualTo(Errno.EFAULT));
        using var values = UserMemory.Allocate(16);
        a = new drm_vc4_perfmon_get_values { id = id, values_ptr = (ulong)values.Address };
        Assert.That(rig.Ioctl(file, Vc4Ioctls.PerfmonGetValues, ref a), Is.EqualTo(Errno.None));
    }
}
