using NUnit.Framework;
using System.Runtime.InteropServices;
using HilHarness.SimKernel.Tests.Support;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.SimKernel.Tests.DrmCore;

[TestFixture]
public sealed class DrmSyncobjTests
{
    private static uint Create(TestKernel t, int fd, uint flags = 0)
    {
        var create = new drm_syncobj_create { flags = flags };
        var result = t.Ioctl(fd, DrmIoctls.SyncobjCreate, ref create);
        Assert.That(result.Ok, Is.True, result.ToString());
        return create.handle;
    }

    private static UserMemory.Buffer Handles(params uint[] handles) => UserMemory.CopyOf(MemoryMarshal.AsBytes(handles.AsSpan()));

    [Test]
    [Description("SYNCOBJ_CREATE with unknown flags and DESTROY with pad or an unknown handle are EINVAL.")]
    public void CreateAndDestroyErrors()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        var badCreate = new drm_syncobj_create { flags = 2 };
        uint handle = Create(t, fd);
        var withPad = new drm_syncobj_destroy { handle = handle, pad = 1 };
        var unknown = new drm_syncobj_destroy { handle = 99 };
        var good = new drm_syncobj_destroy { handle = handle };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjCreate, ref badCreate).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjDestroy, ref withPad).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjDestroy, ref unknown).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjDestroy, ref good).Ok, Is.True);
        });
    }

    [Test]
    [Description("WAIT rows: count 0 returns 0, an unknown handle is ENOENT, a syncobj without fence is EINVAL, a signalled one returns 0.")]
    public void WaitRows()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        uint empty = Create(t, fd), signaled = Create(t, fd, flags: 1);
        using var unknownArray = Handles(42);
        using var emptyArray = Handles(empty);
        using var signaledArray = Handles(signaled);
        var none = new drm_syncobj_wait { count_handles = 0 };
        var unknown = new drm_syncobj_wait { handles = (ulong)unknownArray.Address, count_handles = 1 };
        var noFence = new drm_syncobj_wait { handles = (ulong)emptyArray.Address, count_handles = 1 };
        var ready = new drm_syncobj_wait { handles = (ulong)signaledArray.Address, count_handles = 1 };
        var badFlags = new drm_syncobj_wait { handles = (ulong)signaledArray.Address, count_handles = 1, flags = 0x40 };
        var badPointer = new drm_syncobj_wait { handles = 0x10, count_handles = 1 };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjWait, ref none).Ok, Is.True);
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjWait, ref unknown).Errno, Is.EqualTo(Errno.ENOENT));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjWait, ref noFence).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjWait, ref ready).Ok, Is.True);
            Assert.That(ready.first_signaled, Is.Zero);
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjWait, ref badFlags).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjWait, ref badPointer).Errno, Is.EqualTo(Errno.EFAULT));
        });
    }

    [Test]
    [Description("A wait on a fence a job signals in 5 ms advances virtual time to that moment and succeeds; a 1 ms timeout is ETIME at exactly the timeout.")]
    public void WaitAdvancesVirtualTime()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        uint handle = Create(t, fd);
        var fence = new Core.SimFence();
        t.Driver.Files[0].Syncobjs[handle].Fence = fence;
        long start = t.Kernel.MonotonicNs();
        t.Machine.Clock.At(start + 5_000_000, fence.Signal);
        using var array = Handles(handle);
        var tooShort = new drm_syncobj_wait { handles = (ulong)array.Address, count_handles = 1, timeout_nsec = start + 1_000_000 };
        Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjWait, ref tooShort).Errno, Is.EqualTo(Errno.ETIME));
        Assert.That(t.Kernel.MonotonicNs(), Is.EqualTo(start + 1_000_000));
        var enough = new drm_syncobj_wait { handles = (ulong)array.Address, count_handles = 1, timeout_nsec = start + 10_000_000 };
        Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjWait, ref enough).Ok, Is.True);
        Assert.That(t.Kernel.MonotonicNs(), Is.EqualTo(start + 5_000_000));
    }

    [Test]
    [Description("RESET removes the fence and SIGNAL installs a signalled one; both refuse pad and count 0 with EINVAL.")]
    public void ResetAndSignal()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        uint handle = Create(t, fd, flags: 1);
        using var array = Handles(handle);
        var reset = new drm_syncobj_array { handles = (ulong)array.Address, count_handles = 1 };
        var signal = new drm_syncobj_array { handles = (ulong)array.Address, count_handles = 1 };
        var empty = new drm_syncobj_array { handles = (ulong)array.Address, count_handles = 0 };
        var padded = new drm_syncobj_array { handles = (ulong)array.Address, count_handles = 1, pad = 1 };
        var syncobj = t.Driver.Files[0].Syncobjs[handle];
        Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjReset, ref reset).Ok, Is.True);
        Assert.That(syncobj.Fence, Is.Null);
        Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjSignal, ref signal).Ok, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(syncobj.Fence!.Signaled, Is.True);
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjReset, ref empty).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjSignal, ref padded).Errno, Is.EqualTo(Errno.EINVAL));
        });
    }

    [Test]
    [Description("Timeline ioctls are EOPNOTSUPP on a driver without DRIVER_SYNCOBJ_TIMELINE.")]
    public void TimelineOpsNeedTimelineSupport()
    {
        using var t = new TestKernel(timeline: false);
        int fd = t.OpenNode();
        var wait = new drm_syncobj_timeline_wait();
        var query = new drm_syncobj_timeline_array();
        var transfer = new drm_syncobj_transfer();
        var signal = new drm_syncobj_timeline_array();
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjTimelineWait, ref wait).Errno, Is.EqualTo(Errno.EOPNOTSUPP));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjQuery, ref query).Errno, Is.EqualTo(Errno.EOPNOTSUPP));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjTransfer, ref transfer).Errno, Is.EqualTo(Errno.EOPNOTSUPP));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjTimelineSignal, ref signal).Errno, Is.EqualTo(Errno.EOPNOTSUPP));
        });
    }

    [Test]
    [Description("TIMELINE_SIGNAL of point 3 makes QUERY answer 3 and a timeline wait on point 2 succeed; point 4 is not submitted (EINVAL).")]
    public void TimelineSignalQueryWait()
    {
        using var t = new TestKernel(timeline: true);
        int fd = t.OpenNode();
        uint handle = Create(t, fd);
        using var array = Handles(handle);
        using var three = UserMemory.CopyOf(BitConverter.GetBytes(3UL));
        using var two = UserMemory.CopyOf(BitConverter.GetBytes(2UL));
        using var four = UserMemory.CopyOf(BitConverter.GetBytes(4UL));
        using var answer = UserMemory.Allocate(8);
        var signal = new drm_syncobj_timeline_array { handles = (ulong)array.Address, points = (ulong)three.Address, count_handles = 1 };
        var query = new drm_syncobj_timeline_array { handles = (ulong)array.Address, points = (ulong)answer.Address, count_handles = 1 };
        var waitTwo = new drm_syncobj_timeline_wait { handles = (ulong)array.Address, points = (ulong)two.Address, count_handles = 1 };
        var waitFour = new drm_syncobj_timeline_wait { handles = (ulong)array.Address, points = (ulong)four.Address, count_handles = 1 };
        Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjTimelineSignal, ref signal).Ok, Is.True);
        Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjQuery, ref query).Ok, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(BitConverter.ToUInt64(answer.Span), Is.EqualTo(3UL));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjTimelineWait, ref waitTwo).Ok, Is.True);
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjTimelineWait, ref waitFour).Errno, Is.EqualTo(Errno.EINVAL));
        });
    }

    [Test]
    [Description("HANDLE_TO_FD then FD_TO_HANDLE gives a second handle on the same syncobj; bad flags, pad and fds are refused.")]
    public void SyncobjFdRoundTrip()
    {
        using var t = new TestKernel();
        int fd = t.OpenNode();
        uint handle = Create(t, fd);
        var export = new drm_syncobj_handle { handle = handle };
        Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjHandleToFd, ref export).Ok, Is.True);
        var import = new drm_syncobj_handle { fd = export.fd };
        var badFlags = new drm_syncobj_handle { handle = handle, flags = 4 };
        var unknown = new drm_syncobj_handle { handle = 77 };
        var notSyncobj = new drm_syncobj_handle { fd = fd };
        Assert.Multiple(() =>
        {
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjFdToHandle, ref import).Ok, Is.True);
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjHandleToFd, ref badFlags).Errno, Is.EqualTo(Errno.EINVAL));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjHandleToFd, ref unknown).Errno, Is.EqualTo(Errno.ENOENT));
            Assert.That(t.Ioctl(fd, DrmIoctls.SyncobjFdToHandle, ref notSyncobj).Errno, Is.EqualTo(Errno.EINVAL));
        });
        var syncobjs = t.Driver.Files[0].Syncobjs;
        Assert.That(syncobjs[import.handle], Is.SameAs(syncobjs[handle]));
    }
}
