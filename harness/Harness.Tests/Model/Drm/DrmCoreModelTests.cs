using HilHarness.Model;
using HilHarness.Model.Drm;
using HilHarness.Scenarios;
using HilHarness.Uapi;
using NUnit.Framework;

namespace HilHarness.Tests.Model.Drm;

/// <summary>The DRM-core model's predictions for vgem and virtio-gpu, per kernel version.</summary>
public sealed class DrmCoreModelTests
{
    private static Scenario On(string driver, int major = 6, int minor = 1) =>
        new(new BoardSemantics(driver, new Version(major, minor), driver == "vgem" ? new Version(1, 0, 0) : new Version(0, 1, 0), false, false) { Root = false });

    private static Scenario Dumb(Scenario s, string bo, long bpp = 32) =>
        s.Add("drm.mode_create_dumb", bo, ("fd", OpArg.Sym("f")), ("width", OpArg.Of(64)), ("height", OpArg.Of(64)), ("bpp", OpArg.Of(bpp)));

    [Test]
    [Description("GET_CAP of DUMB_BUFFER is EOPNOTSUPP on render-only vgem and 1 on KMS virtio-gpu.")]
    public void KmsCapIsEopnotsuppOnVgemOnly()
    {
        var vgem = On("vgem").Open("f", "vgem").Add("drm.get_cap", null, ("fd", OpArg.Sym("f")), ("capability", OpArg.Of((long)DrmCaps.DumbBuffer)));
        var virtio = On("virtio_gpu").Open("f", "virtio_gpu").Add("drm.get_cap", null, ("fd", OpArg.Sym("f")), ("capability", OpArg.Of((long)DrmCaps.DumbBuffer)));

        Assert.That(vgem.Last.Errno, Is.EqualTo(Errno.EOPNOTSUPP));
        Assert.That(virtio.Last.Out["value"], Is.EqualTo(new ExactValue(1)));
    }

    [Test]
    [Description("Dumb buffers take the lowest free handle, and a closed handle's GEM_CLOSE is EINVAL.")]
    public void HandlesAreLowestFreeAndDoubleCloseIsEinval()
    {
        var s = Dumb(Dumb(On("vgem").Open("f", "vgem"), "a"), "b").GemClose("f", "a").GemClose("f", "a");
        Assert.That(s.Last.Errno, Is.EqualTo(Errno.EINVAL));

        Dumb(s, "c");
        Assert.That(s.Last.Out["handle"], Is.EqualTo(new ExactValue(1)));
    }

    [Test]
    [Description("virtio-gpu refuses a 16-bpp dumb buffer with EINVAL where vgem sizes it with pitch 128.")]
    public void SixteenBppDumbIsDriverSpecific()
    {
        Assert.That(Dumb(On("virtio_gpu").Open("f", "virtio_gpu"), "a", bpp: 16).Last.Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(Dumb(On("vgem").Open("f", "vgem"), "a", bpp: 16).Last.Out["pitch"], Is.EqualTo(new ExactValue(128)));
    }

    [Test]
    [Description("A self-import returns the exported handle; after GEM_CLOSE the dma-buf keeps the object and a reimport gets a new handle.")]
    public void PrimeSelfImportAndReimportAfterClose()
    {
        var s = Dumb(On("vgem").Open("f", "vgem"), "a")
            .Add("drm.prime_handle_to_fd", "e", ("fd", OpArg.Sym("f")), ("handle", OpArg.Sym("a")), ("flags", OpArg.Of(0x80002)))
            .Add("drm.prime_fd_to_handle", "same", ("fd", OpArg.Sym("f")), ("obj_fd", OpArg.Sym("e", "obj_fd")));
        Assert.That(s.Last.Out["handle"], Is.EqualTo(new ExactValue(1)));

        Dumb(s, "b").GemClose("f", "a").Add("drm.prime_fd_to_handle", "again", ("fd", OpArg.Sym("f")), ("obj_fd", OpArg.Sym("e", "obj_fd")));
        Assert.That(s.Last.Out["handle"], Is.EqualTo(new ExactValue(1)), "handle 1 is free again after the close; the object is the same");
        Assert.That(((DrmCoreState)s.State).Objects, Has.Count.EqualTo(2));
    }

    [Test]
    [Description("Syncobj ioctls are EOPNOTSUPP on vgem on every kernel and on virtio-gpu before 6.4, and work on virtio-gpu from 6.4.")]
    public void SyncobjSupportIsPerDriverAndVersion()
    {
        static Errno Create(Scenario s) => s.Add("drm.syncobj_create", "so", ("fd", OpArg.Sym("f")), ("flags", OpArg.Of(0))).Last.Errno;

        Assert.That(Create(On("vgem", 6, 12).Open("f", "vgem")), Is.EqualTo(Errno.EOPNOTSUPP));
        Assert.That(Create(On("virtio_gpu", 6, 1).Open("f", "virtio_gpu")), Is.EqualTo(Errno.EOPNOTSUPP));
        Assert.That(Create(On("virtio_gpu", 6, 12).Open("f", "virtio_gpu")), Is.EqualTo(Errno.None));
    }

    [Test]
    [Description("A map.read predicts exactly the bytes written earlier through the mapping, zeros elsewhere.")]
    public void MapReadPredictsWrittenBytes()
    {
        var s = Dumb(On("vgem").Open("f", "vgem"), "a").Add("drm.mode_map_dumb", "off", ("fd", OpArg.Sym("f")), ("handle", OpArg.Sym("a")))
            .Add("mmap", "m", ("fd", OpArg.Sym("f")), ("offset", OpArg.Sym("off", "offset")), ("length", OpArg.Of(16384)))
            .Add("map.write", null, ("map", OpArg.Sym("m")), ("offset", OpArg.Of(2)), ("data", OpArg.Bytes([7, 8])))
            .Add("map.read", null, ("map", OpArg.Sym("m")), ("offset", OpArg.Of(0)), ("length", OpArg.Of(4)));

        Assert.That(Convert.FromBase64String(s.Last.ExpectedData!), Is.EqualTo(new byte[] { 0, 0, 7, 8 }));
    }
}
