using NUnit.Framework;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Tests.Panthor;

[TestFixture]
public sealed class TilerHeapLifetimeTests
{
    [Test]
    [Description("TILER_HEAP_DESTROY's errno table: pad, unknown VM, VM without pool (ENOENT), unknown id including ids >= 128.")]
    public void DestroyErrors()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        Assert.That(rig.DestroyHeap(vm << 16), Is.EqualTo(Errno.ENOENT), "no pool yet");
        var handle = rig.CreateHeapOk(vm).handle;
        Assert.That(rig.DestroyHeap(handle, pad: 1), Is.EqualTo(Errno.EINVAL), "pad");
        Assert.That(rig.DestroyHeap((9u << 16) | (handle & 0xffff)), Is.EqualTo(Errno.EINVAL), "unknown VM");
        Assert.That(rig.DestroyHeap((vm << 16) | 128), Is.EqualTo(Errno.EINVAL), "id 128");
        Assert.That(rig.DestroyHeap((vm << 16) | 5), Is.EqualTo(Errno.EINVAL), "free id");
        Assert.That(rig.DestroyHeap(handle), Is.EqualTo(Errno.None));
        Assert.That(rig.DestroyHeap(handle), Is.EqualTo(Errno.EINVAL), "twice");
    }

    [Test]
    [Description("The pool is created by the first heap, survives its last heap, and dies with VM_DESTROY.")]
    public void PoolLivesUntilVmDestroy()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        Assert.That(rig.GemsLines("Heap pool"), Is.Zero);
        var handle = rig.CreateHeapOk(vm).handle;
        Assert.That(rig.GemsLines("Heap pool"), Is.EqualTo(1));
        Assert.That(rig.DestroyHeap(handle), Is.EqualTo(Errno.None));
        Assert.That(rig.GemsLines("Heap pool"), Is.EqualTo(1), "pool survives its last heap");
        Assert.That(rig.Fdinfo("panthor-resident-memory"), Is.EqualTo("8 KiB"));
        rig.CreateHeapOk(vm);
        Assert.That(rig.DestroyVm(vm), Is.EqualTo(Errno.None));
        Assert.That(rig.GemsLines("Heap pool"), Is.Zero);
        Assert.That(rig.GemsLines("Tiler heap chunk"), Is.Zero);
        Assert.That(rig.Fdinfo("panthor-resident-memory"), Is.EqualTo("0"));
    }

    [Test]
    [Description("File close destroys groups then VMs and with them every pool and chunk.")]
    public void FileCloseFreesEveryPool()
    {
        var rig = new PanthorRig();
        var vm1 = rig.CreateVm();
        var vm2 = rig.CreateVm();
        rig.CreateHeapOk(vm1, initial: 2, max: 2);
        rig.CreateHeapOk(vm2);
        rig.CreateGroup(vm1, busy: true);
        Assert.That(rig.GemsLines("Tiler heap chunk"), Is.EqualTo(3));
        rig.Driver.PostClose(rig.File);
        Assert.That(rig.GemsLines("Heap pool"), Is.Zero);
        Assert.That(rig.GemsLines("Tiler heap chunk"), Is.Zero);
        Assert.That(rig.GemsLines("CS ring buffer"), Is.Zero);
    }

    [Test]
    [Description("VM ids are 1..32 per file, the 33rd VM_CREATE is EBUSY, and VM_DESTROY rejects pad and unknown ids with EINVAL.")]
    public void VmLimitAndDestroyErrors()
    {
        var rig = new PanthorRig();
        for (uint i = 1; i <= 32; i++) Assert.That(rig.CreateVm(), Is.EqualTo(i));
        var args = new Uapi.Panthor.drm_panthor_vm_create();
        Assert.That(rig.Call(PanthorIoctls.VmCreate, ref args), Is.EqualTo(Errno.EBUSY));
        Assert.That(rig.DestroyVm(3, pad: 1), Is.EqualTo(Errno.EINVAL));
        Assert.That(rig.DestroyVm(33), Is.EqualTo(Errno.EINVAL));
        Assert.That(rig.DestroyVm(3), Is.EqualTo(Errno.None));
        Assert.That(rig.DestroyVm(3), Is.EqualTo(Errno.EINVAL));
        Assert.That(rig.CreateVm(), Is.EqualTo(3u), "lowest free id");
        var other = rig.OpenFile(2);
        Assert.That(rig.CreateVm(other), Is.EqualTo(1u), "ids are per file");
    }

    [Test]
    [Description("A tiler OOM grow allocates a chunk with max_chunks respected; at the limit the firmware gets a NULL chunk and the queue stays healthy.")]
    public void GrowUntilMaxThenNullChunk()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        var heap = rig.CreateHeapOk(vm, initial: 1, max: 2);
        var group = rig.CreateGroup(vm, busy: true);
        var grown = rig.Driver.TilerOom(rig.File, group, 0, heap.tiler_heap_ctx_gpu_va, 0, 0);
        Assert.That(grown.Errno, Is.Zero);
        Assert.That(grown.NewChunkVa & 0xfff, Is.EqualTo((ulong)(PanthorRig.Mib2 >> 12)), "encoded size");
        var atMax = rig.Driver.TilerOom(rig.File, group, 0, heap.tiler_heap_ctx_gpu_va, 0, 0);
        Assert.That(atMax, Is.EqualTo(new SimKernel.Core.SimTilerOomResult((int)Errno.ENOMEM, 0, false)));
        var tooMany = rig.Driver.TilerOom(rig.File, group, 0, heap.tiler_heap_ctx_gpu_va, renderPassesInFlight: 2, 0);
        Assert.That(tooMany.Errno, Is.EqualTo((int)Errno.ENOMEM), "target_in_flight 1 exceeded");
        Assert.That(rig.GroupState(group).state, Is.Zero);
        Assert.That(rig.GemsLines("Tiler heap chunk"), Is.EqualTo(2));
    }
}
