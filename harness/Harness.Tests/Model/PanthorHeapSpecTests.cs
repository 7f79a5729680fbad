using NUnit.Framework;
using HilHarness.Model;
using HilHarness.Model.Panthor;
using HilHarness.Scenarios;
using HilHarness.Uapi;

namespace HilHarness.Tests.Model;

[TestFixture]
public class PanthorHeapSpecTests
{
    private static Scenario Vm(BoardSemantics b) => new Scenario(b).Open("A", "panthor").PanthorVmCreate("A", "vm");

    [TestCase("initial 0", 0L, 2L << 20, 4L, Errno.EINVAL)]
    [TestCase("initial > max", 2L, 2L << 20, 1L, Errno.EINVAL)]
    [TestCase("initial = max", 2L, 2L << 20, 2L, Errno.None)]
    [TestCase("initial < max", 1L, 2L << 20, 2L, Errno.None)]
    [TestCase("chunk 64K", 1L, 64L << 10, 4L, Errno.EINVAL)]
    [TestCase("chunk 128K", 1L, 128L << 10, 4L, Errno.None)]
    [TestCase("chunk 132K", 1L, 132L << 10, 4L, Errno.None)]
    [TestCase("chunk 3M", 1L, 3L << 20, 4L, Errno.None)]
    [TestCase("chunk 8M", 1L, 8L << 20, 4L, Errno.None)]
    [TestCase("chunk 8M+4K", 1L, (8L << 20) + 4096, 4L, Errno.EINVAL)]
    [TestCase("chunk unaligned", 1L, (256L << 10) + 1, 4L, Errno.EINVAL)]
    [Description("kernel-facts D.3 steps 3–5 (and E11/E12 boundaries): TILER_HEAP_CREATE argument validation on current kernels.")]
    public void HeapCreateRowsCurrent(string row, long initial, long chunk, long max, Errno expected) =>
        Assert.That(Vm(Boards.Rk3588_618).PanthorHeapCreate("A", "vm", "h", initial, chunk, max).Last.Errno, Is.EqualTo(expected), row);

    [TestCase("initial > max accepted", 4L, 2L << 20, 2L, Errno.None)]
    [TestCase("chunk 128K", 1L, 128L << 10, 4L, Errno.EINVAL)]
    [TestCase("chunk 3M", 1L, 3L << 20, 4L, Errno.EINVAL)]
    [TestCase("chunk 256K", 1L, 256L << 10, 4L, Errno.None)]
    [Description("kernel-facts C.2 #2–3 and C.3: the v3 semantics (kernel < 6.10) accept initial > max and only power-of-two chunks in 256K–2M.")]
    public void HeapCreateRowsV3(string row, long initial, long chunk, long max, Errno expected) =>
        Assert.That(Vm(Boards.Rk3588_V3).PanthorHeapCreate("A", "vm", "h", initial, chunk, max).Last.Errno, Is.EqualTo(expected), row);

    [Test, Description("kernel-facts D.3 step 1: TILER_HEAP_CREATE on a VM id the file does not have is EINVAL.")]
    public void HeapCreateUnknownVm() =>
        Assert.That(new Scenario(Boards.Rk3588_618).Open("A", "panthor")
            .Add("panthor.tiler_heap_create", "h", ("fd", OpArg.Sym("A")), ("vm_id", OpArg.Of(7)), ("initial_chunk_count", OpArg.Of(1)),
                ("chunk_size", OpArg.Of(1 << 21)), ("max_chunks", OpArg.Of(2))).Last.Errno, Is.EqualTo(Errno.EINVAL));

    [Test, Description("kernel-facts C.1/C.3 and D.3 step 8–9: 128 heaps get ids 0..127 (handles vm<<16|id, contexts base+id×stride), the 129th is EBUSY with a stale chunk VA.")]
    public void HundredTwentyNinthHeapIsBusy()
    {
        var s = Vm(Boards.Rk3588_618);
        for (int i = 0; i < 128; i++) s.PanthorHeapCreate("A", "vm", $"h{i}");
        var last = s.Steps[^1].Prediction;
        Assert.That(last.Out["handle"], Is.EqualTo(new ExactValue((1UL << 16) | 127)));
        Assert.That(last.Out["tiler_heap_ctx_gpu_va"], Is.EqualTo(new AffineValue("pool:vm", 1, 127 * 64, true)));
        var busy = s.PanthorHeapCreate("A", "vm", "h128").Last;
        Assert.That(busy.Errno, Is.EqualTo(Errno.EBUSY));
        Assert.That(busy.Out["first_heap_chunk_gpu_va"], Is.TypeOf<AlignedValue>());
    }

    [Test, Description("kernel-facts C.2 #1 / C.3 (E10): under v3 semantics heap ids are 1..128, so the first handle's low bits are 1.")]
    public void V3HeapIdsStartAtOne() =>
        Assert.That(Vm(Boards.Rk3588_V3).PanthorHeapCreate("A", "vm", "h").Last.Out["handle"], Is.EqualTo(new ExactValue((1UL << 16) | 1)));

    [Test, Description("kernel-facts C.3: a destroyed heap id is reused lowest-first.")]
    public void DestroyedIdReusedLowestFirst()
    {
        var s = Vm(Boards.Rk3588_618).PanthorHeapCreate("A", "vm", "h0").PanthorHeapCreate("A", "vm", "h1").PanthorHeapDestroy("A", "h0")
            .PanthorHeapCreate("A", "vm", "h2");
        Assert.That(s.Last.Out["handle"], Is.EqualTo(new ExactValue(1UL << 16)));
    }

    [Test, Description("kernel-facts D.3 destroy table: pad is EINVAL, unknown VM EINVAL, no pool ENOENT, unknown id (incl. ≥128) EINVAL.")]
    public void HeapDestroyRows()
    {
        Assert.That(Vm(Boards.Rk3588_618).PanthorHeapCreate("A", "vm", "h").PanthorHeapDestroy("A", "h", pad: 1).Last.Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(Vm(Boards.Rk3588_618).PanthorHeapDestroyRaw("A", 9L << 16).Last.Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(Vm(Boards.Rk3588_618).PanthorHeapDestroyRaw("A", 1L << 16).Last.Errno, Is.EqualTo(Errno.ENOENT));
        Assert.That(Vm(Boards.Rk3588_618).PanthorHeapCreate("A", "vm", "h").PanthorHeapDestroyRaw("A", (1L << 16) | 200).Last.Errno, Is.EqualTo(Errno.EINVAL));
    }

    [Test, Description("kernel-facts E14/C.3: before 45c734fdd43d destroying a heap on a VM with no pool oopses: predicted as a kernel failure.")]
    public void V3DestroyWithoutPoolPredictsOops() =>
        Assert.That(Vm(Boards.Rk3588_V3).PanthorHeapDestroyRaw("A", 1L << 16).Last.KernelFailure, Does.Contain("E14"));

    [Test, Description("kernel-facts D.3: the pool is created by the first create (even a failing one) and lives until VM destroy; resident memory is pool + chunks.")]
    public void PoolLifetimeAndResidentMemory()
    {
        var s = Vm(Boards.Rk3588_618).PanthorHeapCreate("A", "vm", "bad", initial: 0);
        Assert.That(s.PanthorHeapDestroyRaw("A", 1L << 16).Last.Errno, Is.EqualTo(Errno.EINVAL), "pool exists, so an absent id is EINVAL, not ENOENT");
        var fd = s.PanthorHeapCreate("A", "vm", "h", initial: 2, chunkSize: 2 << 20).Last.Observations.OfType<FdinfoExpectation>().Single();
        Assert.That(fd.MinBytes, Is.EqualTo(8192UL + (4UL << 20)), "kernel-facts D.4 example: 4104 KiB");
        var afterDestroy = s.PanthorHeapDestroy("A", "h").Last.Observations.OfType<FdinfoExpectation>().Single();
        Assert.That(afterDestroy.MinBytes, Is.EqualTo(8192UL));
        var gone = s.PanthorVmDestroy("A", "vm").Last.Observations.OfType<FdinfoExpectation>().Single();
        Assert.That(gone.MinBytes, Is.EqualTo(0UL));
    }

    [TestCase(false, 0L, 0L, Errno.ENOMEM, false)]
    [TestCase(true, 0L, 0L, Errno.ENOMEM, true)]
    [TestCase(true, 0L, 1L, Errno.EBUSY, false)]
    [TestCase(false, 5L, 0L, Errno.ENOMEM, false)]
    [Description("kernel-facts C.2 #4 / C.3 (E13): at max_chunks current kernels answer ENOMEM and keep the queue; v3 answered ENOMEM (fatal) or EBUSY with pending fragments.")]
    public void TilerOomAtMaxChunks(bool v3, long inFlight, long pendingFrag, Errno errno, bool fatal)
    {
        var s = Vm(v3 ? Boards.Rk3588_V3 : Boards.Rk3588_618).PanthorHeapCreate("A", "vm", "h", initial: 1, chunkSize: 256 << 10, max: 1)
            .PanthorGroupCreate("A", "vm", "g").SimTilerOom("A", "g", "h", inFlight, pendingFrag);
        Assert.That(s.Last.Out["errno"], Is.EqualTo(new ExactValue((ulong)errno)));
        Assert.That(s.PanthorGroupGetState("A", "g").Last.Out["state"], Is.EqualTo(new ExactValue(fatal ? PanthorModel.GroupStateFatalFault : 0)));
    }

    [Test, Description("kernel-facts D.3: VM_CREATE beyond 32 VMs is EBUSY; VM_DESTROY with pad or an unknown id is EINVAL.")]
    public void VmRows()
    {
        var s = new Scenario(Boards.Rk3588_618).Open("A", "panthor");
        for (int i = 0; i < 32; i++) s.PanthorVmCreate("A", $"vm{i}");
        Assert.That(s.PanthorVmCreate("A", "vm32").Last.Errno, Is.EqualTo(Errno.EBUSY));
        Assert.That(s.PanthorVmDestroy("A", "vm0", pad: 1).Last.Errno, Is.EqualTo(Errno.EINVAL));
        Assert.That(s.PanthorVmDestroy("A", "vm0").PanthorVmDestroy("A", "vm0").Last.Errno, Is.EqualTo(Errno.EINVAL));
    }

    [Test, Description("kernel-facts D.4: fdinfo keys are not observable before 6.15 and gems not before 6.16.")]
    public void OldKernelsHideObservations() =>
        Assert.That(Vm(Boards.Rk3588_V3).Last.Observations, Has.All.TypeOf<NotObservable>());
}
