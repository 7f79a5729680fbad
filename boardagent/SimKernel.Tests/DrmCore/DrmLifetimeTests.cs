using NUnit.Framework;
using System.Runtime.InteropServices;
using HilHarness.SimKernel.Tests.Support;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Tests.DrmCore;

[TestFixture]
public sealed class DrmLifetimeTests
{
    [Test]
    [Description("File descriptors start at 3 and reuse the lowest free number, like alloc_fd.")]
    public void FdNumbering()
    {
        using var t = new TestKernel();
        int a = t.OpenNode(), b = t.OpenNode(render: true);
        Assert.That(t.Kernel.Close(a).Ok, Is.True);
        int c = t.OpenNode();
        Assert.Multiple(() =>
        {
            Assert.That((a, b, c), Is.EqualTo((3, 4, 3)));
            Assert.That(t.Kernel.Close(a).Ok, Is.True);
            Assert.That(t.Kernel.Close(a).Errno, Is.EqualTo(Errno.EBADF));
        });
    }

    [Test]
    [Description("Nodes other than card0 and renderD128 (and renderD128 on a driver without one) do not exist.")]
    public void OpenOfOtherPathsIsEnoent()
    {
        using var t = new TestKernel(renderNode: false);
        Assert.Multiple(() =>
        {
            Assert.That(t.Kernel.Open("/dev/dri/renderD128", OpenFlags.ReadWrite).Errno, Is.EqualTo(Errno.ENOENT));
            Assert.That(t.Kernel.Open("/dev/dri/card1", OpenFlags.ReadWrite).Errno, Is.EqualTo(Errno.ENOENT));
            Assert.That(t.Kernel.Open("/etc/passwd", OpenFlags.ReadOnly).Errno, Is.EqualTo(Errno.ENOENT));
        });
    }

    [Test]
    [Description("Closing an fd runs postclose after the file's handles are released, and frees its objects.")]
    public void CloseReleasesHandlesThenPostclose()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var bo = (TestBo)t.Driver.Files[0].Lookup(t.CreateBo(fd))!;
        Assert.That(t.Kernel.Close(fd).Ok, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(bo.Freed, Is.True);
            Assert.That(t.Driver.PostClosed, Is.EqualTo(new[] { t.Driver.Files[0].ClientId }));
        });
    }

    [Test]
    [Description("A live mmap keeps the DRM file alive past close: postclose runs only at munmap.")]
    public void MappingKeepsTheFileAlivePastClose()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        uint handle = t.CreateBo(fd);
        var bo = (TestBo)t.Driver.Files[0].Lookup(handle)!;
        var map = new drm_vc4_mmap_bo { handle = handle };
        Assert.That(t.Ioctl(fd, Vc4Ioctls.MmapBo, ref map).Ok, Is.True);
        var mapping = t.Kernel.Mmap(fd, map.offset, 4096, MapProtection.Read | MapProtection.Write);
        Assert.That(mapping.Ok, Is.True, mapping.ToString());
        Assert.That(t.Kernel.Close(fd).Ok, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(t.Driver.PostClosed, Is.Empty, "postclose must wait for the mapping");
            Assert.That(bo.Freed, Is.False);
        });
        Assert.That(t.Kernel.Munmap((nint)mapping.Value, 4096).Ok, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(t.Driver.PostClosed, Has.Count.EqualTo(1));
            Assert.That(bo.Freed, Is.True);
        });
    }

    [Test]
    [Description("Two mappings of one object see the same bytes, and the mapped memory is valid user memory for ioctls.")]
    public void TwoMappingsShareBytes()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var map = new drm_vc4_mmap_bo { handle = t.CreateBo(fd) };
        Assert.That(t.Ioctl(fd, Vc4Ioctls.MmapBo, ref map).Ok, Is.True);
        var first = t.Kernel.Mmap(fd, map.offset, 4096, MapProtection.Read | MapProtection.Write);
        var second = t.Kernel.Mmap(fd, map.offset, 4096, MapProtection.Read);
        Assert.That(first.Ok && second.Ok, Is.True);
        Marshal.WriteInt32((nint)first.Value, 0x5eed);
        Assert.Multiple(() =>
        {
            Assert.That(Marshal.ReadInt32((nint)second.Value), Is.EqualTo(0x5eed));
            Assert.That(UserMemory.IsValid((ulong)first.Value, 4096), Is.True);
        });
    }

    [Test]
    [Description("mmap rows: unknown offset EINVAL, longer than the object EINVAL, another file's object EACCES, zero length EINVAL.")]
    public void MmapErrors()
    {
        using var t = new TestKernel();
        int a = t.OpenNode(), b = t.OpenNode();
        var map = new drm_vc4_mmap_bo { handle = t.CreateBo(a) };
        Assert.That(t.Ioctl(a, Vc4Ioctls.MmapBo, ref map).Ok, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(t.Kernel.Mmap(a, map.offset + 0x100000, 4096, MapProtection.Read).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Kernel.Mmap(a, map.offset, 8192, MapProtection.Read).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Kernel.Mmap(b, map.offset, 4096, MapProtection.Read).Errno, Is.EqualTo(Errno.EACCES));
            Assert.That(t.Kernel.Mmap(a, map.offset, 0, MapProtection.Read).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Kernel.Mmap(77, map.offset, 4096, MapProtection.Read).Errno, Is.EqualTo(Errno.EBADF));
        });
    }
}
