using NUnit.Framework;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Tests.Panthor;

/// <summary>The two panthor races (E15, E17b), interleaved by SimCpu with a seed that makes the bug show.</summary>
[TestFixture]
public sealed class RaceTests
{
    // With seed 3 the first racer runs first and, at its first preemption point, the second runs (found by trying
    // seeds 0..11 against SimCpu: 3 and 7 interleave this way). With seed 0 the second racer runs first.
    private const int BuggySeed = 3;
    private const int SecondFirstSeed = 0;

    [TestCase("rk3588-6.18", BuggySeed, false, Errno.None)]
    [TestCase("rk3588-6.18", SecondFirstSeed, false, Errno.EINVAL)]
    [TestCase("rk3588-6.18+E15", BuggySeed, true, Errno.EINVAL)]
    [Description("E15: VM_DESTROY racing TILER_HEAP_CREATE on the same VM is a use-after-free (KASAN + refcount WARN) without the xa_lock; with it each ioctl is atomic and a create that loses gets EINVAL.")]
    public void E15VmDestroyRacesHeapCreate(string spec, int seed, bool useAfterFree, Errno expectedCreate)
    {
        var rig = new PanthorRig(spec);
        var vm = rig.CreateVm();
        Errno create = Errno.None, destroy = Errno.None;
        rig.Race(seed, () => create = rig.CreateHeap(vm).Errno, () => destroy = rig.DestroyVm(vm));
        Assert.That(destroy, Is.EqualTo(Errno.None));
        Assert.That(rig.KmsgCount("BUG: KASAN: slab-use-after-free in panthor_vm_pool_get_vm"), Is.EqualTo(useAfterFree ? 1 : 0));
        Assert.That(rig.KmsgCount("refcount_t: addition on 0; use-after-free."), Is.EqualTo(useAfterFree ? 1 : 0));
        Assert.That(create, Is.EqualTo(expectedCreate));
        Assert.That(rig.GemsLines("Tiler heap chunk"), Is.Zero);
    }

    [TestCase("rk3588-6.18", 3u)]
    [TestCase("rk3588-6.18+E17b", 2u)]
    [Description("E17b: two grows of one heap without heap->lock lose a chunk_count update, so three chunks are counted as two.")]
    public void E17bConcurrentGrowLosesCount(string spec, uint counted)
    {
        var rig = new PanthorRig(spec);
        var vm = rig.CreateVm();
        var heap = rig.CreateHeapOk(vm, initial: 1, max: 8);
        var group = rig.CreateGroup(vm, busy: true);
        ulong ctx = heap.tiler_heap_ctx_gpu_va;
        rig.Race(BuggySeed, () => rig.Driver.TilerOom(rig.File, group, 0, ctx, 0, 0), () => rig.Driver.TilerOom(rig.File, group, 0, ctx, 0, 0));
        Assert.That(rig.GemsLines("Tiler heap chunk"), Is.EqualTo(3), "three chunks exist");
        Assert.That(rig.Driver.DescribeState(), Does.Contain($"chunk_count {counted} (list 3)"));
        ulong groupBytes = 3 * 4096;
        Assert.That(rig.Fdinfo("panthor-resident-memory"), Is.EqualTo($"{(8192 + counted * (2UL << 20) + groupBytes) / 1024} KiB"));
    }
}
