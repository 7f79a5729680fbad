using System.Collections.Immutable;
using HilHarness.Model;
using HilHarness.Model.Panthor;
using HilHarness.Scenarios;
using HilHarness.Uapi;
using NUnit.Framework;

namespace HilHarness.Tests.Model;

/// <summary>
/// GROUP_SUBMIT, job completion and group residency in the panthor model, and what they decide for tiler OOM grows:
/// a chunk grown for a resident group is kept, one grown for a descheduled group is returned (kernel-facts C.2 #8,
/// D.4, E17), as docs/protocol.md states the simulated board's residency rule.
/// </summary>
[TestFixture]
public class PanthorResidencySpecTests
{
    private const long Chunk = 256 << 10;
    private const ulong PoolBuffer = 8192;

    /// <summary>A file, a VM, one heap (1 initial chunk of 256 KiB, at most 4) and a group on that VM.</summary>
    private static Scenario HeapAndGroup(BoardSemantics b, string group = "g") =>
        new Scenario(b).Open("A", "panthor").PanthorVmCreate("A", "vm").PanthorHeapCreate("A", "vm", "h", initial: 1, chunkSize: Chunk, max: 4)
            .PanthorGroupCreate("A", "vm", group);

    private static Scenario Submit(Scenario s, string group, long queue = 0, long size = 64, long addr = 0x10000, long flush = 0, long pad = 0) =>
        s.Add("panthor.group_submit", null, ("fd", OpArg.Sym("A")), ("group_handle", OpArg.Sym(group)), ("pad", OpArg.Of(pad)),
            ("queue_submits", OpArg.List([OpArg.Obj([new("queue_index", OpArg.Of(queue)), new("stream_size", OpArg.Of(size)),
                new("stream_addr", OpArg.Of(addr)), new("latest_flush", OpArg.Of(flush)), new("syncs", OpArg.List([]))])])));

    private static ulong ResidentMin(Scenario s) => s.Last.Observations.OfType<FdinfoExpectation>().Single().MinBytes;

    private static int GemsChunks(Scenario s) => s.Last.Observations.OfType<GemsExpectation>().Single().TilerHeapChunks;

    [Test, Description("kernel-facts C.2 #8 and D.4: a tiler OOM of a group with a job in flight keeps the grown chunk: an encoded chunk VA comes back, resident memory grows by chunk_size and gems shows one more chunk.")]
    public void ResidentGroupKeepsGrownChunk()
    {
        var s = Submit(HeapAndGroup(Boards.Rk3588_618), "g");
        Assert.That(s.Last.Errno, Is.EqualTo(Errno.None));
        Assert.That(((PanthorState)s.State).Resident("g"), Is.True);
        s.SimTilerOom("A", "g", "h");
        Assert.That(s.Last.Out["errno"], Is.EqualTo(new ExactValue(0)));
        Assert.That(s.Last.Out["new_chunk_va"], Is.EqualTo(new AlignedValue(4096, Chunk >> 12)));
        Assert.That(ResidentMin(s), Is.EqualTo(PoolBuffer + 2 * Chunk));
        Assert.That(GemsChunks(s), Is.EqualTo(2));
    }

    [Test, Description("kernel-facts C.2 #8 (current column): a group with no job in flight is descheduled, so return_chunk frees the grown chunk: chunk VA 0, resident memory and gems unchanged.")]
    public void DescheduledGroupReturnsGrownChunk()
    {
        var s = HeapAndGroup(Boards.Rk3588_618).SimTilerOom("A", "g", "h");
        Assert.That(s.Last.Out["errno"], Is.EqualTo(new ExactValue(0)));
        Assert.That(s.Last.Out["new_chunk_va"], Is.EqualTo(new ExactValue(0)));
        Assert.That(ResidentMin(s), Is.EqualTo(PoolBuffer + Chunk));
        Assert.That(GemsChunks(s), Is.EqualTo(1));
    }

    [Test, Description("kernel-facts C.2 #8 (v3 column) and E17c: before return_chunk existed, a chunk grown for a descheduled group stayed counted, so the model's heap grows even without a job in flight.")]
    public void V3KeepsChunkOfDescheduledGroup()
    {
        var s = HeapAndGroup(Boards.Rk3588_V3).SimTilerOom("A", "g", "h").SimTilerOom("A", "g", "h").SimTilerOom("A", "g", "h");
        Assert.That(s.Last.Out["errno"], Is.EqualTo(new ExactValue(0)));
        var heap = ((PanthorState)s.State).Heaps["h"];
        Assert.That(heap.ChunkCount, Is.EqualTo(4), "three grows kept on top of the initial chunk");
        Assert.That(s.SimTilerOom("A", "g", "h").Last.Out["errno"], Is.EqualTo(new ExactValue((ulong)Errno.ENOMEM)), "max_chunks 4 reached sooner (E17)");
    }

    [Test, Description("docs/protocol.md residency rule: sim.complete_jobs finishes jobs in submission order and reports how many; a group whose jobs all finished is descheduled and its next grown chunk is returned.")]
    public void CompletedJobsDescheduleTheirGroupInOrder()
    {
        var s = HeapAndGroup(Boards.Rk3588_618, "g1").PanthorGroupCreate("A", "vm", "g2");
        Submit(Submit(s, "g1"), "g2");
        s.Add("sim.complete_jobs", null, ("max", OpArg.Of(1)));
        Assert.That(s.Last.Out["completed"], Is.EqualTo(new ExactValue(1)));
        var state = (PanthorState)s.State;
        Assert.That((state.Resident("g1"), state.Resident("g2")), Is.EqualTo((false, true)));
        Assert.That(s.SimTilerOom("A", "g1", "h").Last.Out["new_chunk_va"], Is.EqualTo(new ExactValue(0)), "g1 is descheduled");
        Assert.That(s.SimTilerOom("A", "g2", "h").Last.Out["new_chunk_va"], Is.TypeOf<AlignedValue>(), "g2 still has a job");
        s.Add("sim.complete_jobs");
        Assert.That(s.Last.Out["completed"], Is.EqualTo(new ExactValue(1)));
        Assert.That(((PanthorState)s.State).Jobs, Is.Empty);
    }

    [Test, Description("panthor_group_destroy and panthor_postclose cancel unfinished jobs, so a destroyed group's jobs leave the queue and sim.complete_jobs finds none of them.")]
    public void GroupDestroyCancelsItsJobs()
    {
        var s = Submit(HeapAndGroup(Boards.Rk3588_618), "g").Add("panthor.group_destroy", null, ("fd", OpArg.Sym("A")), ("group_handle", OpArg.Sym("g")));
        Assert.That(((PanthorState)s.State).Jobs, Is.Empty);
        Assert.That(s.Add("sim.complete_jobs").Last.Out["completed"], Is.EqualTo(new ExactValue(0)));
    }

    [TestCase("pad", 0L, 64L, 0x10000L, 0L, 1L)]
    [TestCase("size without address", 0L, 64L, 0L, 0L, 0L)]
    [TestCase("address not 64-byte aligned", 0L, 64L, 0x10020L, 0L, 0L)]
    [TestCase("size not a multiple of 8", 0L, 60L, 0x10000L, 0L, 0L)]
    [TestCase("latest_flush bits 24..30", 0L, 64L, 0x10000L, 1L << 24, 0L)]
    [TestCase("queue index past the group's queues", 1L, 64L, 0x10000L, 0L, 0L)]
    [Description("panthor_ioctl_group_submit / panthor_job_create: each malformed queue submit is EINVAL and queues no job.")]
    public void SubmitErrorRows(string row, long queue, long size, long addr, long flush, long pad)
    {
        var s = Submit(HeapAndGroup(Boards.Rk3588_618), "g", queue, size, addr, flush, pad);
        Assert.That(s.Last.Errno, Is.EqualTo(Errno.EINVAL), row);
        Assert.That(((PanthorState)s.State).Jobs, Is.Empty, row);
    }

    [TestCase(false, Errno.EINVAL)]
    [TestCase(true, Errno.None)]
    [Description("412a2a8fdd4e (6.12): a submit to a group with a fatal queue is EINVAL; kernels before it queued the job. The queue turns fatal from a grow of a destroyed heap (kernel-facts C.2 #4: EINVAL is fatal).")]
    public void SubmitToDeadGroup(bool v3, Errno expected)
    {
        var s = HeapAndGroup(v3 ? Boards.Rk3588_V3 : Boards.Rk3588_618).PanthorHeapDestroy("A", "h").SimTilerOom("A", "g", "h");
        Assert.That(s.PanthorGroupGetState("A", "g").Last.Out["state"], Is.EqualTo(new ExactValue(PanthorModel.GroupStateFatalFault)));
        Assert.That(Submit(s, "g").Last.Errno, Is.EqualTo(expected));
    }

    [Test, Description("kernel-facts E17 (b): two grows of one resident heap, linearized, keep both chunks: resident memory rises by two chunk sizes, which a lost chunk_count update falls short of.")]
    public void TwoGrowsOfResidentHeapKeepBothChunks()
    {
        var s = Submit(HeapAndGroup(Boards.Rk3588_618), "g");
        var grow = s.Race(1, Grow(), Grow()).Steps[^1];
        Assert.That(grow.RaceOrders.SelectMany(o => o).Select(p => p.Out["new_chunk_va"]), Has.All.TypeOf<AlignedValue>());
        Assert.That(ResidentMin(s), Is.EqualTo(PoolBuffer + 3 * Chunk));
        Assert.That(GemsChunks(s), Is.EqualTo(3));

        static ModelOp Grow() => new("sim.tiler_oom", new Dictionary<string, OpArg>
        {
            ["fd"] = OpArg.Sym("A"), ["group_handle"] = OpArg.Sym("g"), ["queue_index"] = OpArg.Of(0),
            ["heap_ctx_va"] = OpArg.Sym("h", "tiler_heap_ctx_gpu_va"), ["renderpasses_in_flight"] = OpArg.Of(0), ["pending_frag_count"] = OpArg.Of(0),
        }.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    [TestCase(true, true)]
    [TestCase(false, false)]
    [Description("kernel-facts C.2 #6: v3 heaps had no per-heap lock, so racing two grows of one heap is a kernel hazard the model refuses to run; current kernels lock the heap.")]
    public void ConcurrentGrowsAreAHazardOnlyWithoutHeapLock(bool v3, bool hazard)
    {
        var s = (PanthorState)HeapAndGroup(v3 ? Boards.Rk3588_V3 : Boards.Rk3588_618).State;
        var grow = new ModelOp("sim.tiler_oom", new Dictionary<string, OpArg> { ["heap_ctx_va"] = OpArg.Sym("h", "tiler_heap_ctx_gpu_va") }
            .ToImmutableSortedDictionary(StringComparer.Ordinal));
        Assert.That(PanthorModel.RaceHazard(s, [grow, grow]), hazard ? Does.Contain("C.2 #6") : Is.Null);
    }
}
