using NUnit.Framework;
using System.Text;
using HilHarness.SimKernel.Tests.Support;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.SimKernel.Tests.DrmCore;

[TestFixture]
public sealed class DrmInfoIoctlTests
{
    [TestCase("6.12.33", "20140616", TestName = "VersionDateBefore614IsTheDriverDate")]
    [TestCase("6.18.35", "0", TestName = "VersionDateSince614IsZero")]
    [Description("VERSION truncates name/date/desc to the user's buffers and writes back their real lengths.")]
    public void Version(string release, string expectedDate)
    {
        using var t = new TestKernel(release);
        int fd = t.OpenNode();
        using var name = UserMemory.Allocate(4);
        using var date = UserMemory.Allocate(32);
        var version = new drm_version { name_len = 4, name = name.Address, date_len = 32, date = date.Address };
        Assert.That(t.Ioctl(fd, DrmIoctls.Version, ref version).Ok, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.ASCII.GetString(name.Span), Is.EqualTo("test"));
            Assert.That(version.name_len, Is.EqualTo((nuint)7));
            Assert.That(Encoding.ASCII.GetString(date.Span[..(int)version.date_len]), Is.EqualTo(expectedDate));
            Assert.That(version.desc_len, Is.EqualTo((nuint)"Broadcom VC4 graphics".Length), "desc with a NULL buffer");
        });
    }

    [TestCase(true, 0x6UL, Errno.None, 1UL, TestName = "GetCapTimestampMonotonic")]
    [TestCase(true, 0x5UL, Errno.None, 3UL, TestName = "GetCapPrimeImportExport")]
    [TestCase(true, 0x13UL, Errno.None, 1UL, TestName = "GetCapSyncobj")]
    [TestCase(true, 0x14UL, Errno.None, 0UL, TestName = "GetCapSyncobjTimelineWithoutTimeline")]
    [TestCase(true, 0x1UL, Errno.None, 1UL, TestName = "GetCapDumbBufferOnModeset")]
    [TestCase(true, 0x3UL, Errno.None, 24UL, TestName = "GetCapPreferredDepthOnModeset")]
    [TestCase(true, 0x99UL, Errno.EINVAL, 0UL, TestName = "GetCapUnknownOnModesetIsEinval")]
    [TestCase(false, 0x1UL, Errno.EOPNOTSUPP, 0UL, TestName = "GetCapDumbBufferOnRenderOnlyIsEopnotsupp")]
    [TestCase(false, 0x13UL, Errno.None, 1UL, TestName = "GetCapSyncobjOnRenderOnly")]
    [Description("GET_CAP answers the four universal caps for every driver and KMS caps only for modeset drivers.")]
    public void GetCap(bool modeset, ulong capability, Errno errno, ulong value)
    {
        using var t = new TestKernel(modeset: modeset);
        int fd = t.OpenNode();
        var cap = new drm_get_cap { capability = capability, value = 77 };
        Assert.That(t.Ioctl(fd, DrmIoctls.GetCap, ref cap).Errno, Is.EqualTo(errno));
        Assert.That(cap.value, Is.EqualTo(value));
    }

    [TestCase(true, 1UL, 1UL, Errno.None, TestName = "SetClientCapStereo")]
    [TestCase(true, 1UL, 2UL, Errno.EINVAL, TestName = "SetClientCapStereoValueTooBig")]
    [TestCase(true, 3UL, 3UL, Errno.EINVAL, TestName = "SetClientCapAtomicValueTooBig")]
    [TestCase(true, 5UL, 1UL, Errno.EINVAL, TestName = "SetClientCapWritebackWithoutAtomic")]
    [TestCase(true, 42UL, 1UL, Errno.EINVAL, TestName = "SetClientCapUnknown")]
    [TestCase(false, 1UL, 1UL, Errno.EOPNOTSUPP, TestName = "SetClientCapOnRenderOnlyDriver")]
    [Description("SET_CLIENT_CAP validates the cap and value as drm_setclientcap does.")]
    public void SetClientCap(bool modeset, ulong capability, ulong value, Errno errno)
    {
        using var t = new TestKernel(modeset: modeset);
        int fd = t.OpenNode();
        var cap = new drm_set_client_cap { capability = capability, value = value };
        Assert.That(t.Ioctl(fd, DrmIoctls.SetClientCap, ref cap).Errno, Is.EqualTo(errno));
    }

    [Test]
    [Description("WRITEBACK_CONNECTORS is accepted once the client enabled ATOMIC.")]
    public void WritebackAfterAtomic()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var atomic = new drm_set_client_cap { capability = 3, value = 1 };
        var writeback = new drm_set_client_cap { capability = 5, value = 1 };
        Assert.That(t.Ioctl(fd, DrmIoctls.SetClientCap, ref atomic).Ok, Is.True);
        Assert.That(t.Ioctl(fd, DrmIoctls.SetClientCap, ref writeback).Ok, Is.True);
    }

    [TestCase("6.12.33", "hil", Errno.EINVAL, TestName = "SetClientNameIsUnknownBefore613")]
    [TestCase("6.18.35", "hil-agent", Errno.None, TestName = "SetClientNameAccepted")]
    [TestCase("6.18.35", "has space", Errno.EINVAL, TestName = "SetClientNameWithSpaceIsEinval")]
    [Description("SET_CLIENT_NAME exists from 6.13 and accepts only printable names without spaces.")]
    public void SetClientName(string release, string name, Errno errno)
    {
        using var t = new TestKernel(release);
        int fd = t.OpenNode();
        using var buffer = UserMemory.CopyOf(Encoding.ASCII.GetBytes(name));
        var request = new drm_set_client_name { name_len = (ulong)name.Length, name = (ulong)buffer.Address };
        Assert.That(t.Ioctl(fd, DrmIoctls.SetClientName, ref request).Errno, Is.EqualTo(errno));
        Assert.That(t.Driver.Files[0].ClientName, Is.EqualTo(errno == Errno.None ? name : null));
    }

    [Test]
    [Description("SET_CLIENT_NAME longer than 64 bytes is EINVAL and a bad pointer is EFAULT.")]
    public void SetClientNameLimits()
    {
        using var t = new TestKernel("6.18.35");
        int fd = t.OpenNode();
        var tooLong = new drm_set_client_name { name_len = 65, name = 0x10 };
        var badPointer = new drm_set_client_name { name_len = 4, name = 0x10 };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(fd, DrmIoctls.SetClientName, ref tooLong).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(fd, DrmIoctls.SetClientName, ref badPointer).Errno, Is.EqualTo(Errno.EFAULT));
        });
    }
}
