using NUnit.Framework;
using HilHarness.SimKernel.Tests.Support;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.SimKernel.Tests.DrmCore;

[TestFixture]
public sealed class DrmDumbIoctlTests
{
    [TestCase(0u, 64u, 32u, 0u, TestName = "DumbZeroWidthIsEinval")]
    [TestCase(64u, 0u, 32u, 0u, TestName = "DumbZeroHeightIsEinval")]
    [TestCase(64u, 64u, 0u, 0u, TestName = "DumbZeroBppIsEinval")]
    [TestCase(64u, 64u, 32u, 1u, TestName = "DumbFlagsIsEinval")]
    [TestCase(0x10000u, 0x10000u, 32u, 0u, TestName = "DumbSizeOverflowIsEinval")]
    [TestCase(64u, 64u, 0xfffffff8u, 0u, TestName = "DumbBppOverflowIsEinval")]
    [Description("MODE_CREATE_DUMB rejects zero or overflowing dimensions and any flags with EINVAL.")]
    public void CreateDumbErrors(uint width, uint height, uint bpp, uint flags)
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var dumb = new drm_mode_create_dumb { width = width, height = height, bpp = bpp, flags = flags };
        Assert.That(t.Ioctl(fd, DrmIoctls.ModeCreateDumb, ref dumb).Errno, Is.EqualTo(Errno.EINVAL));
    }

    [Test]
    [Description("MODE_CREATE_DUMB computes pitch = ceil(width*bpp/8) and a page-aligned size, and returns a handle.")]
    public void CreateDumbComputesPitchAndSize()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var dumb = new drm_mode_create_dumb { width = 100, height = 10, bpp = 24 };
        Assert.That(t.Ioctl(fd, DrmIoctls.ModeCreateDumb, ref dumb).Ok, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(dumb.pitch, Is.EqualTo(300u));
            Assert.That(dumb.size, Is.EqualTo(4096UL));
            Assert.That(dumb.handle, Is.EqualTo(1u));
            Assert.That(t.Driver.Files[0].Lookup(1)!.RefCount, Is.EqualTo(1), "only the handle holds the object");
        });
    }

    [Test]
    [Description("A render-only driver has no dumb buffers: create, map and destroy are ENOSYS.")]
    public void RenderOnlyDriverHasNoDumbBuffers()
    {
        using var t = new TestKernel(modeset: false);
        int fd = t.OpenNode();
        var dumb = new drm_mode_create_dumb { width = 64, height = 64, bpp = 32 };
        var map = new drm_mode_map_dumb { handle = 1 };
        var destroy = new drm_mode_destroy_dumb { handle = 1 };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(fd, DrmIoctls.ModeCreateDumb, ref dumb).Errno, Is.EqualTo(Errno.ENOSYS));
            Assert.That(t.Ioctl(fd, DrmIoctls.ModeMapDumb, ref map).Errno, Is.EqualTo(Errno.ENOSYS));
            Assert.That(t.Ioctl(fd, DrmIoctls.ModeDestroyDumb, ref destroy).Errno, Is.EqualTo(Errno.ENOSYS));
        });
    }

    [Test]
    [Description("MAP_DUMB of an unknown handle is ENOENT, DESTROY_DUMB of one is EINVAL; a known one maps and destroys.")]
    public void MapAndDestroyDumb()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var dumb = new drm_mode_create_dumb { width = 64, height = 64, bpp = 32 };
        Assert.That(t.Ioctl(fd, DrmIoctls.ModeCreateDumb, ref dumb).Ok, Is.True);
        var badMap = new drm_mode_map_dumb { handle = 9 };
        var map = new drm_mode_map_dumb { handle = dumb.handle };
        var badDestroy = new drm_mode_destroy_dumb { handle = 9 };
        var destroy = new drm_mode_destroy_dumb { handle = dumb.handle };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(fd, DrmIoctls.ModeMapDumb, ref badMap).Errno, Is.EqualTo(Errno.ENOENT));
            Assert.That(t.Ioctl(fd, DrmIoctls.ModeMapDumb, ref map).Ok, Is.True);
            Assert.That(map.offset % 4096, Is.Zero);
            Assert.That(map.offset, Is.Not.Zero);
            Assert.That(t.Kernel.Mmap(fd, map.offset, dumb.size, MapProtection.Read | MapProtection.Write).Ok, Is.True);
            Assert.That(t.Ioctl(fd, DrmIoctls.ModeDestroyDumb, ref badDestroy).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(fd, DrmIoctls.ModeDestroyDumb, ref destroy).Ok, Is.True);
        });
    }
}
