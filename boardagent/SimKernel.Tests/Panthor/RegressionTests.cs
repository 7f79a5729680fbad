using NUnit.Framework;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Tests.Panthor;

/// <summary>Each panthor regression of kernel-facts E10–E17: the behaviour with the fix (rk3588-6.18) and without.</summary>
[TestFixture]
public sealed class RegressionTests
{
    private const uint K = 1024;

    [TestCase("rk3588-6.18", 0u, false)]
    [TestCase("rk3588-6.18+E10", 1u, true)]
    [TestCase("rk3588-6.10-rc", 1u, true)]
    [Description("E10: ids from 1 put the 128th context one stride past the pool (KASAN) and make its OOM fatal; fixed ids are 0..127 inside the pool.")]
    public void E10HeapIdOffByOne(string spec, uint firstId, bool buggy)
    {
        var rig = new PanthorRig(spec);
        var vm = rig.CreateVm();
        var heaps = Enumerable.Range(0, 128).Select(_ => rig.CreateHeapOk(vm, chunkSize: 256 * K)).ToList();
        Assert.That(heaps[0].handle & 0xffff, Is.EqualTo(firstId));
        Assert.That(heaps[127].handle & 0xffff, Is.EqualTo(firstId + 127));
        ulong poolEnd = heaps[0].tiler_heap_ctx_gpu_va - firstId * 64 + 8192; // ALIGN(128 × 64, 4096)
        Assert.That(heaps[127].tiler_heap_ctx_gpu_va >= poolEnd, Is.EqualTo(buggy), "last context outside the pool");
        Assert.That(rig.KmsgCount("BUG: KASAN: slab-out-of-bounds in panthor_heap_create"), Is.EqualTo(buggy ? 1 : 0));
        Assert.That(rig.CreateHeap(vm, chunkSize: 256 * K).Errno, Is.EqualTo(Errno.EBUSY));
        var group = rig.CreateGroup(vm, busy: true);
        var oom = rig.Driver.TilerOom(rig.File, group, 0, heaps[127].tiler_heap_ctx_gpu_va, 0, 0);
        Assert.That(oom.QueueFatal, Is.EqualTo(buggy));
        Assert.That(oom.Errno, Is.EqualTo(buggy ? (int)Errno.EINVAL : 0));
    }

    [TestCase("rk3588-6.18", Errno.EINVAL, Errno.None, Errno.None)]
    [TestCase("rk3588-6.18+E11", Errno.None, Errno.None, Errno.None)]
    [TestCase("rk3588-6.18+E11-inverted", Errno.None, Errno.None, Errno.EINVAL)]
    [TestCase("rk3588-6.10-rc", Errno.None, Errno.None, Errno.None)]
    [Description("E11: the (initial, max) boundary triple (2,1), (2,2), (1,2) with the fix, without it, and with its inverted v1.")]
    public void E11InitialVersusMax(string spec, Errno twoOne, Errno twoTwo, Errno oneTwo)
    {
        var rig = new PanthorRig(spec);
        var vm = rig.CreateVm();
        Assert.That(rig.CreateHeap(vm, initial: 2, chunkSize: 256 * K, max: 1).Errno, Is.EqualTo(twoOne), "(2,1)");
        Assert.That(rig.CreateHeap(vm, initial: 2, chunkSize: 256 * K, max: 2).Errno, Is.EqualTo(twoTwo), "(2,2)");
        Assert.That(rig.CreateHeap(vm, initial: 1, chunkSize: 256 * K, max: 2).Errno, Is.EqualTo(oneTwo), "(1,2)");
    }

    [TestCase("rk3588-6.18", false)]
    [TestCase("rk3588-6.18+E12", true)]
    [TestCase("rk3588-6.10-rc", true)]
    [Description("E12: before the fix only powers of two in 256K..2M are accepted; after it any page-aligned size in 128K..8M.")]
    public void E12ChunkSizeRule(string spec, bool powerOfTwoOnly)
    {
        var rig = new PanthorRig(spec);
        var vm = rig.CreateVm();
        Errno Try(uint size) => rig.CreateHeap(vm, chunkSize: size).Errno;
        Assert.That(Try(64 * K), Is.EqualTo(Errno.EINVAL));
        Assert.That(Try(128 * K), Is.EqualTo(powerOfTwoOnly ? Errno.EINVAL : Errno.None));
        Assert.That(Try(132 * K), Is.EqualTo(powerOfTwoOnly ? Errno.EINVAL : Errno.None));
        Assert.That(Try(256 * K), Is.EqualTo(Errno.None));
        Assert.That(Try(2 * K * K), Is.EqualTo(Errno.None));
        Assert.That(Try(3 * K * K), Is.EqualTo(powerOfTwoOnly ? Errno.EINVAL : Errno.None));
        Assert.That(Try(8 * K * K), Is.EqualTo(powerOfTwoOnly ? Errno.EINVAL : Errno.None));
        Assert.That(Try(8 * K * K + 4 * K), Is.EqualTo(Errno.EINVAL));
        Assert.That(Try(256 * K + 512), Is.EqualTo(Errno.EINVAL));
    }

    [TestCase("rk3588-6.18", false)]
    [TestCase("rk3588-6.18+E13", true)]
    [Description("E13: at max_chunks with no pending fragment job the buggy kernel makes the queue fatal; the fixed one hands the firmware a NULL chunk.")]
    public void E13OomAtMaxChunks(string spec, bool fatal)
    {
        var rig = new PanthorRig(spec);
        var vm = rig.CreateVm();
        var heap = rig.CreateHeapOk(vm, initial: 1, max: 1);
        var group = rig.CreateGroup(vm, busy: true);
        var before = rig.Fdinfo("panthor-resident-memory");
        var oom = rig.Driver.TilerOom(rig.File, group, 0, heap.tiler_heap_ctx_gpu_va, 0, pendingFragments: 0);
        Assert.That(oom, Is.EqualTo(new SimTilerOomResult((int)Errno.ENOMEM, 0, fatal)));
        var state = rig.GroupState(group);
        Assert.That(state.state, Is.EqualTo(fatal ? 2u : 0u), "DRM_PANTHOR_GROUP_STATE_FATAL_FAULT");
        Assert.That(state.fatal_queues, Is.EqualTo(fatal ? 1u : 0u));
        Assert.That(rig.KmsgCount("Failed to extend the tiler heap"), Is.EqualTo(fatal ? 1 : 0));
        Assert.That(rig.Fdinfo("panthor-resident-memory"), Is.EqualTo(before), "no chunk allocated");
    }

    [Test]
    [Description("E13/v3: with fragment jobs pending the old code answers EBUSY, which the firmware copes with.")]
    public void V3PendingFragmentsAtMaxIsEbusyAndHealthy()
    {
        var rig = new PanthorRig("rk3588-6.10-rc");
        var vm = rig.CreateVm();
        var heap = rig.CreateHeapOk(vm, initial: 1, chunkSize: 256 * K, max: 1);
        var group = rig.CreateGroup(vm, busy: true);
        var oom = rig.Driver.TilerOom(rig.File, group, 0, heap.tiler_heap_ctx_gpu_va, 0, pendingFragments: 1);
        Assert.That(oom, Is.EqualTo(new SimTilerOomResult((int)Errno.EBUSY, 0, false)));
    }

    [TestCase("rk3588-6.18", false)]
    [TestCase("rk3588-6.18+E14", true)]
    [TestCase("rk3588-6.10-rc", true)]
    [Description("E14: TILER_HEAP_DESTROY on a VM that never had a heap oopses before the fix and is ENOENT after.")]
    public void E14DestroyWithoutPool(string spec, bool oops)
    {
        var rig = new PanthorRig(spec);
        var vm = rig.CreateVm();
        if (oops)
        {
            Assert.Throws<SimKernelOopsException>(() => rig.DestroyHeap(vm << 16));
            Assert.That(rig.Kmsg, Does.Contain("Unable to handle kernel NULL pointer dereference"));
            Assert.That(rig.Machine.Tainted.HasFlag(Taint.Die), Is.True);
        }
        else
        {
            Assert.That(rig.DestroyHeap(vm << 16), Is.EqualTo(Errno.ENOENT));
            Assert.That(rig.Machine.Tainted, Is.EqualTo(Taint.None));
        }
    }

    [TestCase("rk3588-6.18", 0)]
    [TestCase("rk3588-6.18+E16", 2)]
    [Description("E16: every fdinfo read while a heap pool exists reports a sleeping lock under a spinlock; the fixed kernel reports nothing.")]
    public void E16FdinfoSleepsInAtomic(string spec, int reports)
    {
        var rig = new PanthorRig(spec);
        var vm = rig.CreateVm();
        rig.Driver.ShowFdinfo(rig.File);
        rig.CreateHeapOk(vm);
        rig.Driver.ShowFdinfo(rig.File);
        rig.Driver.ShowFdinfo(rig.File);
        Assert.That(rig.KmsgCount("BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580"), Is.EqualTo(reports));
        Assert.That(rig.Fdinfo("panthor-resident-memory"), Is.EqualTo("2056 KiB"), "accounting is right either way");
    }

    [TestCase("rk3588-6.18", "2056 KiB")]
    [TestCase("rk3588-6.18+E17c", "4104 KiB")]
    [Description("E17c: a chunk grown while the group was scheduled out (no unfinished job) is returned by the fixed kernel and stays counted without return_chunk.")]
    public void E17cChunkForDescheduledGroup(string spec, string residentAfter)
    {
        var rig = new PanthorRig(spec);
        var vm = rig.CreateVm();
        var heap = rig.CreateHeapOk(vm, initial: 1, max: 4);
        var group = rig.CreateGroup(vm, busy: false);
        ulong groupBytes = 3 * 4096;
        var oom = rig.Driver.TilerOom(rig.File, group, 0, heap.tiler_heap_ctx_gpu_va, 0, 0);
        Assert.That(oom, Is.EqualTo(new SimTilerOomResult(0, 0, false)), "nothing reached the firmware");
        var expected = residentAfter == "2056 KiB" ? 8192 + (2UL << 20) : 8192 + (4UL << 20);
        Assert.That(rig.Fdinfo("panthor-resident-memory"), Is.EqualTo($"{(expected + groupBytes) / 1024} KiB"));
    }
}
