using NUnit.Framework;
using HilHarness.SimKernel.Tests.Support;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Tests.DrmCore;

[TestFixture]
public sealed class DrmDispatchTests
{
    [Test]
    [Description("A request whose _IOC_TYPE is not 'd' is ENOTTY, as drm_ioctl answers before any lookup.")]
    public void ForeignIoctlTypeIsEnotty()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var arg = new byte[16];
        var result = t.Kernel.Ioctl(fd, IoctlCode.Encode(IoctlDirection.ReadWrite, (byte)'b', 0x00, 16), arg);
        Assert.That(result.Errno, Is.EqualTo(Errno.ENOTTY));
    }

    [TestCase((byte)0x5f, TestName = "UnknownDriverNrIsEinval")]
    [TestCase((byte)0x01, TestName = "UnknownCoreNrIsEinval")]
    [Description("An nr with no driver or core ioctl behind it is EINVAL.")]
    public void UnknownNrIsEinval(byte nr)
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var result = t.Kernel.Ioctl(fd, IoctlCode.Encode(IoctlDirection.ReadWrite, IoctlCode.DrmType, nr, 8), new byte[8]);
        Assert.That(result.Errno, Is.EqualTo(Errno.EINVAL));
    }

    [Test]
    [Description("Closed fds are EBADF and ioctls on a non-DRM file (a dma-buf) are ENOTTY.")]
    public void BadFdAndNonDrmFile()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var prime = new drm_prime_handle { handle = t.CreateBo(fd) };
        Assert.That(t.Ioctl(fd, DrmIoctls.PrimeHandleToFd, ref prime).Ok, Is.True);
        var cap = new drm_get_cap { capability = 0x6 };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(42, DrmIoctls.GetCap, ref cap).Errno, Is.EqualTo(Errno.EBADF));
            Assert.That(t.Ioctl(prime.fd, DrmIoctls.GetCap, ref cap).Errno, Is.EqualTo(Errno.ENOTTY));
        });
    }

    [Test]
    [Description("Ioctls without DRM_RENDER_ALLOW (SET_CLIENT_CAP, GEM_FLINK, dumb create) are EACCES on the render node.")]
    public void RenderNodeRefusesPrimaryOnlyIoctls()
    {
        using var t = new TestKernel();
        int render = t.OpenNode(render: true);
        var cap = new drm_set_client_cap { capability = 1, value = 1 };
        var flink = new drm_gem_flink { handle = t.CreateBo(render) };
        var dumb = new drm_mode_create_dumb { width = 64, height = 64, bpp = 32 };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(render, DrmIoctls.SetClientCap, ref cap).Errno, Is.EqualTo(Errno.EACCES));
            Assert.That(t.Ioctl(render, DrmIoctls.GemFlink, ref flink).Errno, Is.EqualTo(Errno.EACCES));
            Assert.That(t.Ioctl(render, DrmIoctls.ModeCreateDumb, ref dumb).Errno, Is.EqualTo(Errno.EACCES));
        });
    }

    [TestCase(false, Errno.EACCES, TestName = "RootOnlyIoctlIsEaccesForNonRoot")]
    [TestCase(true, Errno.None, TestName = "RootOnlyIoctlRunsForRoot")]
    [Description("DRM_ROOT_ONLY ioctls (vc4 GET_HANG_STATE) are EACCES unless the caller is root.")]
    public void RootOnly(bool isRoot, Errno expected)
    {
        using var t = new TestKernel(isRoot: isRoot);
        int fd = t.OpenNode();
        var hang = new drm_vc4_get_hang_state();
        Assert.That(t.Ioctl(fd, Vc4Ioctls.GetHangState, ref hang).Errno, Is.EqualTo(expected));
    }

    [Test]
    [Description("A user struct shorter than the kernel's is copied in and zero-extended; only the user's bytes are copied back.")]
    public void ShortStructIsZeroExtended()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var user = new byte[4];
        BitConverter.TryWriteBytes(user, 4096u);
        uint request = IoctlCode.Encode(IoctlDirection.ReadWrite, IoctlCode.DrmType, Vc4Ioctls.CreateBo.Nr, 4);
        var result = t.Kernel.Ioctl(fd, request, user);
        Assert.Multiple(() =>
        {
            Assert.That(result.Ok, Is.True, result.ToString());
            Assert.That(t.Driver.LastArgument, Has.Length.EqualTo(16));
            Assert.That(BitConverter.ToUInt32(t.Driver.LastArgument, 0), Is.EqualTo(4096u));
            Assert.That(t.Driver.LastArgument.AsSpan(4).ToArray(), Is.All.EqualTo((byte)0), "bytes past the user's struct");
            Assert.That(BitConverter.ToUInt32(user, 0), Is.EqualTo(4096u));
        });
    }

    [Test]
    [Description("A driver ioctl that writes its output and then fails still has the output copied back (drm_ioctl copies back on error).")]
    public void OutputIsCopiedBackWhenTheHandlerFails()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var param = new drm_vc4_get_param { param = TestDriver.FailAfterWriteParam };
        var result = t.Ioctl(fd, Vc4Ioctls.GetParam, ref param);
        Assert.Multiple(() =>
        {
            Assert.That(result.Errno, Is.EqualTo(Errno.EIO));
            Assert.That(param.value, Is.EqualTo(0x1234UL));
        });
    }

    [Test]
    [Description("A write-only request (_IOW) of a read-write ioctl copies nothing back.")]
    public void WriteOnlyRequestCopiesNothingBack()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var arg = new byte[16];
        BitConverter.TryWriteBytes(arg, 4096u);
        uint request = IoctlCode.Encode(IoctlDirection.Write, IoctlCode.DrmType, Vc4Ioctls.CreateBo.Nr, 16);
        Assert.That(t.Kernel.Ioctl(fd, request, arg).Ok, Is.True);
        Assert.That(BitConverter.ToUInt32(arg, 8), Is.Zero, "handle must not be copied back");
    }

    [Test]
    [Description("A user buffer shorter than the request's size is EFAULT before the handler runs.")]
    public void ShortUserBufferIsEfault()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var result = t.Kernel.Ioctl(fd, Vc4Ioctls.CreateBo.Request, new byte[8]);
        Assert.That(result.Errno, Is.EqualTo(Errno.EFAULT));
        Assert.That(t.Driver.LastArgument, Is.Empty);
    }

    [Test]
    [Description("VERSION with a bad name pointer is EFAULT, yet the numbers and name_len are copied back.")]
    public void VersionCopiesBackOnEfault()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var version = new drm_version { version_major = -1, name_len = 3, name = 0x10 };
        var result = t.Ioctl(fd, DrmIoctls.Version, ref version);
        Assert.Multiple(() =>
        {
            Assert.That(result.Errno, Is.EqualTo(Errno.EFAULT));
            Assert.That(version.version_major, Is.Zero);
            Assert.That(version.name_len, Is.EqualTo((nuint)"testgpu".Length));
        });
    }

    [Test]
    [Description("A struct larger than the kernel's round-trips its extra bytes unchanged.")]
    public void LongStructTailRoundTrips()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var arg = new byte[24];
        BitConverter.TryWriteBytes(arg, 4096u);
        arg[20] = 0xAB;
        uint request = IoctlCode.Encode(IoctlDirection.ReadWrite, IoctlCode.DrmType, Vc4Ioctls.CreateBo.Nr, 24);
        Assert.That(t.Kernel.Ioctl(fd, request, arg).Ok, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(BitConverter.ToUInt32(arg, 8), Is.EqualTo(1u), "handle");
            Assert.That(arg[20], Is.EqualTo((byte)0xAB));
        });
    }
}
