using NUnit.Framework;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Tests.Panthor;

[TestFixture]
public sealed class TilerHeapCreateTests
{
    private const uint K = 1024;

    [TestCase(0u, 2u << 20, 4u, Errno.EINVAL, TestName = "initial 0")]
    [TestCase(5u, 2u << 20, 4u, Errno.EINVAL, TestName = "initial above max")]
    [TestCase(4u, 2u << 20, 4u, Errno.None, TestName = "initial equal to max")]
    [TestCase(1u, 64 * K, 4u, Errno.EINVAL, TestName = "chunk 64K below 128K")]
    [TestCase(1u, 128 * K, 4u, Errno.None, TestName = "chunk 128K")]
    [TestCase(1u, 132 * K, 4u, Errno.None, TestName = "chunk 132K page aligned")]
    [TestCase(1u, 3 * K * K, 4u, Errno.None, TestName = "chunk 3M")]
    [TestCase(1u, 8 * K * K, 4u, Errno.None, TestName = "chunk 8M")]
    [TestCase(1u, 8 * K * K + 4 * K, 4u, Errno.EINVAL, TestName = "chunk 8M+4K")]
    [TestCase(1u, 256 * K + 1, 4u, Errno.EINVAL, TestName = "chunk not page aligned")]
    [TestCase(0u, 64 * K, 0u, Errno.EINVAL, TestName = "every check fails")]
    [Description("TILER_HEAP_CREATE's argument checks on a current kernel accept exactly the D.3 ranges.")]
    public void CreateValidatesArgumentsAsCurrentKernel(uint initial, uint chunkSize, uint max, Errno expected)
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        Assert.That(rig.CreateHeap(vm, initial, chunkSize, max).Errno, Is.EqualTo(expected));
    }

    [Test]
    [Description("An unknown vm_id fails with EINVAL before any other check, and creates no pool.")]
    public void UnknownVmIsEinvalBeforeArgumentChecks()
    {
        var rig = new PanthorRig();
        rig.CreateVm();
        Assert.That(rig.CreateHeap(7, initial: 0).Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(rig.GemsLines("Heap pool"), Is.Zero);
    }

    [Test]
    [Description("The pool is created (step 2) before the arguments are checked (step 3): an invalid create still leaves a pool, and a pool allocation failure wins over invalid arguments.")]
    public void PoolCreationPrecedesArgumentChecks()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        rig.Machine.Allocator.Apply(new FaultSpec("alloc-fail", 1));
        Assert.That(rig.CreateHeap(vm, initial: 0).Errno, Is.EqualTo(Errno.ENOMEM), "pool allocation fails first");
        Assert.That(rig.CreateHeap(vm, initial: 0).Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(rig.GemsLines("Heap pool"), Is.EqualTo(1), "the invalid create made the pool");
        Assert.That(rig.DestroyHeap(vm << 16), Is.EqualTo(Errno.EINVAL), "the pool exists, so destroy says EINVAL, not ENOENT");
    }

    [Test]
    [Description("128 heaps get ids 0..127 with handles (vm<<16)|id, contexts stride apart inside the pool buffer; the 129th is EBUSY.")]
    public void HundredTwentyEightHeapsThenEbusy()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        const uint stride = 64; // ALIGN(32, 64-byte L2 line)
        ulong poolBase = 0;
        for (uint i = 0; i < 128; i++)
        {
            var args = rig.CreateHeapOk(vm, chunkSize: 128 * K);
            Assert.That(args.handle, Is.EqualTo((vm << 16) | i));
            if (i == 0) poolBase = args.tiler_heap_ctx_gpu_va;
            Assert.That(args.tiler_heap_ctx_gpu_va, Is.EqualTo(poolBase + i * stride));
            Assert.That(args.tiler_heap_ctx_gpu_va + stride, Is.LessThanOrEqualTo(poolBase + 8192), "context inside the 8 KiB pool");
        }
        Assert.That(rig.CreateHeap(vm, chunkSize: 128 * K).Errno, Is.EqualTo(Errno.EBUSY));
    }

    [Test]
    [Description("A failure at step 8 (EBUSY) still returns the freed first chunk's VA, while the context VA and handle are left as userspace passed them.")]
    public void LateFailureLeavesStaleFirstChunkVa()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        for (int i = 0; i < 128; i++) rig.CreateHeapOk(vm, chunkSize: 128 * K);
        var args = new Uapi.Panthor.drm_panthor_tiler_heap_create
        {
            vm_id = vm, initial_chunk_count = 1, chunk_size = 128 * K, max_chunks = 1,
            handle = 0xdead, tiler_heap_ctx_gpu_va = 0xbeef,
        };
        Assert.That(rig.Call(PanthorIoctls.TilerHeapCreate, ref args), Is.EqualTo(Errno.EBUSY));
        Assert.That(args.first_heap_chunk_gpu_va, Is.Not.Zero, "stale chunk VA");
        Assert.That(args.tiler_heap_ctx_gpu_va, Is.EqualTo(0xbeefUL));
        Assert.That(args.handle, Is.EqualTo(0xdeadu));
        Assert.That(rig.GemsLines("Tiler heap chunk"), Is.EqualTo(128), "the 129th heap's chunk was freed");
    }

    [Test]
    [Description("A chunk allocation failure (step 7) wins over a full pool (step 8) and writes no output field.")]
    public void ChunkAllocationFailureWinsOverFullPool()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        for (int i = 0; i < 128; i++) rig.CreateHeapOk(vm, chunkSize: 128 * K);
        rig.Machine.Allocator.Apply(new FaultSpec("alloc-fail", 1));
        var (errno, args) = rig.CreateHeap(vm, chunkSize: 128 * K);
        Assert.That(errno, Is.EqualTo(Errno.ENOMEM));
        Assert.That(args.first_heap_chunk_gpu_va, Is.Zero);
    }

    [Test]
    [Description("A destroyed heap id is reused lowest-first.")]
    public void DestroyedIdIsReusedLowestFirst()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        var handles = Enumerable.Range(0, 5).Select(_ => rig.CreateHeapOk(vm).handle).ToList();
        Assert.That(rig.DestroyHeap(handles[3]), Is.EqualTo(Errno.None));
        Assert.That(rig.DestroyHeap(handles[1]), Is.EqualTo(Errno.None));
        Assert.That(rig.CreateHeapOk(vm).handle & 0xffff, Is.EqualTo(1u));
        Assert.That(rig.CreateHeapOk(vm).handle & 0xffff, Is.EqualTo(3u));
        Assert.That(rig.CreateHeapOk(vm).handle & 0xffff, Is.EqualTo(5u));
    }

    [Test]
    [Description("Initial chunks are pushed at the list head: the returned first chunk is the last allocated and each header's next encodes the previous head's VA with chunk_size >> 12.")]
    public void ChunkListEncoding()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        var args = rig.CreateHeapOk(vm, initial: 3, chunkSize: PanthorRig.Mib2, max: 3);
        var state = rig.Driver.DescribeState();
        var chunkLines = state.Split('\n').Where(l => l.TrimStart().StartsWith("chunk 0x", StringComparison.Ordinal)).ToList();
        Assert.That(chunkLines, Has.Count.EqualTo(3));
        ulong Va(string line) => Convert.ToUInt64(line.Trim().Split(' ')[1][2..], 16);
        ulong Next(string line) => Convert.ToUInt64(line.Trim().Split(' ')[3][2..], 16);
        Assert.That(Va(chunkLines[0]), Is.EqualTo(args.first_heap_chunk_gpu_va));
        Assert.That(Next(chunkLines[0]), Is.EqualTo((Va(chunkLines[1]) & ~0xfffUL) | (PanthorRig.Mib2 >> 12)));
        Assert.That(Next(chunkLines[1]), Is.EqualTo((Va(chunkLines[2]) & ~0xfffUL) | (PanthorRig.Mib2 >> 12)));
        Assert.That(Next(chunkLines[2]), Is.Zero, "the first-allocated chunk ends the list");
    }
}
