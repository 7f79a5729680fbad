using System.Diagnostics;
using HilHarness.BoardAgent.Native;
using HilHarness.Uapi;
using NUnit.Framework;

namespace HilHarness.BoardAgent.Tests.Native;

/// <summary>LinuxKernel on this machine (no /dev/dri): real errno values, the path policy, uname, the clock, kmsg.</summary>
[TestFixture]
public sealed class LinuxKernelTests
{
    private LinuxKernel kernel = null!;

    [SetUp]
    public void CreateKernel() => kernel = new LinuxKernel();

    [TearDown]
    public void DisposeKernel() => kernel.Dispose();

    [Test]
    [Description("open(2) of a missing DRM node reports ENOENT, so errno is read right after the call and not overwritten (203).")]
    public void OpenOfMissingCardReportsEnoent()
    {
        Assume.That(File.Exists("/dev/dri/card0"), Is.False, "this machine has /dev/dri/card0");
        var result = kernel.Open("/dev/dri/card0", OpenFlags.ReadWrite);
        Assert.That(result, Is.EqualTo(SyscallResult.Fail(Errno.ENOENT)));
    }

    [TestCase("/etc/passwd")]
    [TestCase("/dev/dri/../../etc/passwd")]
    [TestCase("/dev/dri/./card0")]
    [TestCase("/dev/kmsg")]
    [TestCase("dev/dri/card0")]
    [TestCase("/dev/dri/")]
    [Description("Open refuses every path outside /dev/dri/ (including .. tricks and /dev/kmsg) with EACCES.")]
    public void OpenOutsideDevDriIsRefused(string path)
    {
        Assert.That(kernel.Open(path, OpenFlags.ReadOnly), Is.EqualTo(SyscallResult.Fail(Errno.EACCES)));
    }

    [Test]
    [Description("A symlink inside an allowed directory that points outside it is refused after realpath.")]
    public void SymlinkLeadingOutsideTheAllowedTreeIsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("hil-native-");
        try
        {
            var link = Path.Combine(dir.FullName, "card0");
            File.CreateSymbolicLink(link, "/etc/passwd");
            using var confined = new LinuxKernel(new PathPolicy([dir.FullName + "/"], [dir.FullName + "/"], []));
            Assert.Multiple(() =>
            {
                Assert.That(confined.Open(link, OpenFlags.ReadOnly), Is.EqualTo(SyscallResult.Fail(Errno.EACCES)));
                Assert.That(confined.ReadText(link).Errno, Is.EqualTo(Errno.EACCES));
            });
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    [Description("ReadText reads procfs files whose size is reported as 0.")]
    public void ReadTextReadsProcSelfStatus()
    {
        var result = kernel.ReadText("/proc/self/status");
        Assert.Multiple(() =>
        {
            Assert.That(result.Errno, Is.EqualTo(Errno.None));
            Assert.That(result.Text, Does.StartWith("Name:").And.Contain("Pid:"));
        });
    }

    [TestCase("/etc/shadow")]
    [TestCase("/proc/../etc/shadow")]
    [TestCase("/sys")]
    [Description("ReadText refuses paths outside procfs, sysfs and debugfs without opening them.")]
    public void ReadTextOutsideProcSysDebugfsIsRefused(string path)
    {
        Assert.That(kernel.ReadText(path), Is.EqualTo(new TextReadResult(null, Errno.EACCES)));
    }

    [Test]
    [Description("ListDirectory refuses /etc and answers the platform device list (or a clean errno) for /sys/bus/platform/devices.")]
    public void ListDirectoryFollowsThePolicy()
    {
        Assert.Multiple(() =>
        {
            Assert.That(kernel.ListDirectory("/etc", out var refused), Is.Null);
            Assert.That(refused, Is.EqualTo(Errno.EACCES));
            var devices = kernel.ListDirectory("/sys/bus/platform/devices", out var errno);
            Assert.That(devices is not null || errno is Errno.ENOENT or Errno.EACCES, Is.True, $"errno {errno}");
        });
    }

    [Test]
    [Description("Uname returns the release this machine's uname -r prints.")]
    public void UnameMatchesUnameR()
    {
        var info = new ProcessStartInfo("uname", "-r") { RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var expected = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        var uname = kernel.Uname();
        Assert.Multiple(() =>
        {
            Assert.That(uname.Release, Is.EqualTo(expected));
            Assert.That(uname.Sysname, Is.EqualTo("Linux"));
        });
    }

    [Test]
    [Description("CLOCK_MONOTONIC read through clock_gettime moves forward across a short sleep.")]
    public void MonotonicNsIncreases()
    {
        long first = kernel.MonotonicNs();
        Thread.Sleep(2);
        long second = kernel.MonotonicNs();
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.GreaterThan(0));
            Assert.That(second, Is.GreaterThan(first));
        });
    }

    [Test]
    [Description("ReadKmsg returns well-formed records from /dev/kmsg or a clean errno for a refused or missing log.")]
    public void ReadKmsgReturnsRecordsOrACleanErrno()
    {
        var records = kernel.ReadKmsg(0, out var errno);
        if (records is null)
        {
            Assert.That(errno, Is.AnyOf(Errno.EPERM, Errno.EACCES, Errno.ENOENT, Errno.EINVAL), "refused kmsg must carry a real errno");
            return;
        }
        Assert.Multiple(() =>
        {
            Assert.That(errno, Is.EqualTo(Errno.None));
            Assert.That(records.All(r => char.IsAsciiDigit(r[0]) && r.Contains(';', StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    [Description("Ioctl, Mmap and Close on a descriptor this kernel did not open answer EBADF instead of touching it.")]
    public void UnknownDescriptorIsEbadf()
    {
        Assert.Multiple(() =>
        {
            Assert.That(kernel.Ioctl(0, DrmIoctls.GetCap.Request, new byte[16]), Is.EqualTo(SyscallResult.Fail(Errno.EBADF)));
            Assert.That(kernel.Mmap(1, 0, 4096, MapProtection.Read).Errno, Is.EqualTo(Errno.EBADF));
            Assert.That(kernel.Close(2), Is.EqualTo(SyscallResult.Fail(Errno.EBADF)));
        });
    }

    [Test]
    [Description("A DRM ioctl on a non-DRM device (/dev/null, reached through a test-only policy) fails with ENOTTY, read at the call.")]
    public void DrmIoctlOnDevNullIsEnotty()
    {
        using var devices = new LinuxKernel(new PathPolicy(["/dev/"], [], []));
        var open = devices.Open("/dev/null", OpenFlags.ReadWrite);
        Assert.That(open.Ok, Is.True, open.ToString());
        var fd = (int)open.Value;
        Assert.Multiple(() =>
        {
            Assert.That(devices.Ioctl(fd, DrmIoctls.GetCap.Request, new byte[16]), Is.EqualTo(SyscallResult.Fail(Errno.ENOTTY)));
            Assert.That(devices.Close(fd), Is.EqualTo(SyscallResult.Success()));
            Assert.That(devices.Close(fd), Is.EqualTo(SyscallResult.Fail(Errno.EBADF)), "a second close");
        });
    }

    [Test]
    [Description("Mmap and Munmap really map: a shared mapping of /dev/zero reads zeros and unmaps cleanly.")]
    public unsafe void MmapOfDevZeroReadsZeros()
    {
        using var devices = new LinuxKernel(new PathPolicy(["/dev/"], [], []));
        var fd = (int)devices.Open("/dev/zero", OpenFlags.ReadWrite).Value;
        var map = devices.Mmap(fd, 0, 4096, MapProtection.Read | MapProtection.Write);
        Assert.That(map.Ok, Is.True, map.ToString());
        int firstNonZero = new ReadOnlySpan<byte>((void*)map.Value, 4096).IndexOfAnyExcept((byte)0);
        Assert.Multiple(() =>
        {
            Assert.That(firstNonZero, Is.EqualTo(-1));
            Assert.That(devices.Munmap((nint)map.Value, 4096), Is.EqualTo(SyscallResult.Success()));
        });
    }
}
