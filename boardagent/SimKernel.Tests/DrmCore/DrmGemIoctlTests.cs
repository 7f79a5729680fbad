using NUnit.Framework;
using HilHarness.SimKernel.Tests.Support;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.SimKernel.Tests.DrmCore;

[TestFixture]
public sealed class DrmGemIoctlTests
{
    [Test]
    [Description("GEM_CLOSE of an unknown handle is EINVAL; pad is not checked; the handle goes away.")]
    public void GemClose()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var close = new drm_gem_close { handle = t.CreateBo(fd), pad = 0xdead };
        var again = close;
        var unknown = new drm_gem_close { handle = 77 };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(fd, DrmIoctls.GemClose, ref unknown).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(fd, DrmIoctls.GemClose, ref close).Ok, Is.True);
            Assert.That(t.Ioctl(fd, DrmIoctls.GemClose, ref again).Errno, Is.EqualTo(Errno.EINVAL));
        });
    }

    [Test]
    [Description("FLINK gives one global name per object, GEM_OPEN gives a new handle and the size, unknown handles and names are ENOENT.")]
    public void FlinkAndOpen()
    {
        using var t = new TestKernel();
        int a = t.OpenNode(), b = t.OpenNode();
        uint handle = t.CreateBo(a, 8192);
        var flink = new drm_gem_flink { handle = handle };
        var flinkAgain = new drm_gem_flink { handle = handle };
        var badFlink = new drm_gem_flink { handle = 99 };
        Assert.That(t.Ioctl(a, DrmIoctls.GemFlink, ref flink).Ok, Is.True);
        Assert.That(t.Ioctl(a, DrmIoctls.GemFlink, ref flinkAgain).Ok, Is.True);
        var open = new drm_gem_open { name = flink.name };
        var openAgain = new drm_gem_open { name = flink.name };
        var badOpen = new drm_gem_open { name = flink.name + 1 };
        Assert.Multiple(() =>
        {
            Assert.That(flink.name, Is.EqualTo(1u));
            Assert.That(flinkAgain.name, Is.EqualTo(flink.name));
            Assert.That(t.Ioctl(a, DrmIoctls.GemFlink, ref badFlink).Errno, Is.EqualTo(Errno.ENOENT));
            Assert.That(t.Ioctl(b, DrmIoctls.GemOpen, ref open).Ok, Is.True);
            Assert.That(t.Ioctl(b, DrmIoctls.GemOpen, ref openAgain).Ok, Is.True);
            Assert.That(t.Ioctl(b, DrmIoctls.GemOpen, ref badOpen).Errno, Is.EqualTo(Errno.ENOENT));
        });
        Assert.Multiple(() =>
        {
            Assert.That(open.size, Is.EqualTo(8192UL));
            Assert.That(openAgain.handle, Is.Not.EqualTo(open.handle), "GEM_OPEN twice gives two handles");
        });
    }

    [Test]
    [Description("A flink name disappears when the object's last handle is closed.")]
    public void FlinkNameDiesWithTheLastHandle()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var flink = new drm_gem_flink { handle = t.CreateBo(fd) };
        Assert.That(t.Ioctl(fd, DrmIoctls.GemFlink, ref flink).Ok, Is.True);
        var close = new drm_gem_close { handle = flink.handle };
        Assert.That(t.Ioctl(fd, DrmIoctls.GemClose, ref close).Ok, Is.True);
        var open = new drm_gem_open { name = flink.name };
        Assert.That(t.Ioctl(fd, DrmIoctls.GemOpen, ref open).Errno, Is.EqualTo(Errno.ENOENT));
    }

    [Test]
    [Description("PRIME_HANDLE_TO_FD refuses unknown flags (EINVAL), unknown handles (ENOENT) and what the driver will not export.")]
    public void PrimeExportErrors()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var badFlags = new drm_prime_handle { handle = t.CreateBo(fd), flags = 0x1 };
        var unknown = new drm_prime_handle { handle = 55 };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(fd, DrmIoctls.PrimeHandleToFd, ref badFlags).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(fd, DrmIoctls.PrimeHandleToFd, ref unknown).Errno, Is.EqualTo(Errno.ENOENT));
        });
    }

    [Test]
    [Description("Importing a dma-buf gives the same file its existing handle and another file a new handle on the same object.")]
    public void PrimeImport()
    {
        using var t = new TestKernel();
        int a = t.OpenNode(), b = t.OpenNode();
        uint handle = t.CreateBo(a);
        var export = new drm_prime_handle { handle = handle, flags = (uint)(OpenFlags.CloseOnExec | OpenFlags.ReadWrite) };
        Assert.That(t.Ioctl(a, DrmIoctls.PrimeHandleToFd, ref export).Ok, Is.True);
        var sameFile = new drm_prime_handle { fd = export.fd };
        var otherFile = new drm_prime_handle { fd = export.fd };
        var notDmaBuf = new drm_prime_handle { fd = a };
        var closed = new drm_prime_handle { fd = 500 };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(a, DrmIoctls.PrimeFdToHandle, ref sameFile).Ok, Is.True);
            Assert.That(t.Ioctl(b, DrmIoctls.PrimeFdToHandle, ref otherFile).Ok, Is.True);
            Assert.That(t.Ioctl(a, DrmIoctls.PrimeFdToHandle, ref notDmaBuf).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(a, DrmIoctls.PrimeFdToHandle, ref closed).Errno, Is.EqualTo(Errno.EBADF));
        });
        Assert.Multiple(() =>
        {
            Assert.That(sameFile.handle, Is.EqualTo(handle));
            Assert.That(t.Driver.Files[1].Lookup(otherFile.handle), Is.SameAs(t.Driver.Files[0].Lookup(handle)));
        });
    }

    [Test]
    [Description("A dma-buf fd keeps its object alive after the last handle is closed; closing the fd frees it.")]
    public void DmaBufKeepsTheObjectAlive()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        uint handle = t.CreateBo(fd);
        var bo = (TestBo)t.Driver.Files[0].Lookup(handle)!;
        var export = new drm_prime_handle { handle = handle };
        Assert.That(t.Ioctl(fd, DrmIoctls.PrimeHandleToFd, ref export).Ok, Is.True);
        var close = new drm_gem_close { handle = handle };
        Assert.That(t.Ioctl(fd, DrmIoctls.GemClose, ref close).Ok, Is.True);
        Assert.That(bo.Freed, Is.False, "after GEM_CLOSE, the dma-buf still holds a reference");
        Assert.That(bo.RefCount, Is.EqualTo(1));
        Assert.That(t.Kernel.Close(export.fd).Ok, Is.True);
        Assert.That(bo.Freed, Is.True);
    }

    [TestCase("6.12.33", Errno.EINVAL, TestName = "ChangeHandleIsUnknownBefore617")]
    [TestCase("6.18.35", Errno.None, TestName = "ChangeHandleMovesTheHandle")]
    [Description("GEM_CHANGE_HANDLE exists from 6.17 and moves a handle to a free number.")]
    public void ChangeHandle(string release, Errno errno)
    {
        using var t = new TestKernel(release);
        int fd = t.OpenNode();
        uint handle = t.CreateBo(fd);
        var change = new drm_gem_change_handle { handle = handle, new_handle = 40 };
        Assert.That(t.Ioctl(fd, DrmIoctls.GemChangeHandle, ref change).Errno, Is.EqualTo(errno));
        Assert.That(t.Driver.Files[0].Lookup(40) is not null, Is.EqualTo(errno == Errno.None));
    }

    [Test]
    [Description("GEM_CHANGE_HANDLE rows: unknown handle ENOENT, taken target ENOSPC, target beyond INT_MAX EINVAL.")]
    public void ChangeHandleErrors()
    {
        using var t = new TestKernel("6.18.35");
        int fd = t.OpenNode();
        uint first = t.CreateBo(fd), second = t.CreateBo(fd);
        var unknown = new drm_gem_change_handle { handle = 9, new_handle = 10 };
        var taken = new drm_gem_change_handle { handle = first, new_handle = second };
        var huge = new drm_gem_change_handle { handle = first, new_handle = 0x80000000 };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(fd, DrmIoctls.GemChangeHandle, ref unknown).Errno, Is.EqualTo(Errno.ENOENT));
            Assert.That(t.Ioctl(fd, DrmIoctls.GemChangeHandle, ref taken).Errno, Is.EqualTo(Errno.ENOSPC));
            Assert.That(t.Ioctl(fd, DrmIoctls.GemChangeHandle, ref huge).Errno, Is.EqualTo(Errno.EINVAL));
        });
    }
}
