using HilHarness.Model;
using HilHarness.Scenarios;
using static HilHarness.Suites.Ops;

namespace HilHarness.Suites;

/// <summary>
/// The panthor tiler heap suite (kernel-facts C, D; seed: "Add the heap logical block"). Every step is observed
/// through fdinfo <c>panthor-resident-memory</c> and debugfs <c>gems</c>, so heap and pool memory is checked after each
/// transition.
/// </summary>
public static class PanthorHeapCases
{
    public const string Suite = "panthor-heap";

    private const long K = 1024, M = 1024 * 1024;

    private static SuiteCase Case(string name, string description, Action<Scenario> build, string? igt = null) =>
        new(Suite, "panthor", name, description, build) { Igt = igt };

    private static Scenario WithVm(Scenario s) => s.Open("f", "panthor").PanthorVmCreate("f", "vm");

    public static IReadOnlyList<SuiteCase> All { get; } =
    [
        Case("CreateValidationMatrixInOrder",
            "TILER_HEAP_CREATE checks, in D.3 order: initial 0, initial > max, and chunk sizes 64K, 128K, 132K, 3M, 8M, 8M+4K and unaligned, each accepted or refused with EINVAL.",
            s =>
            {
                WithVm(s).PanthorHeapCreate("f", "vm", "h0", initial: 0).PanthorHeapCreate("f", "vm", "h1", initial: 4, max: 2);
                int i = 0;
                foreach (long size in new[] { 64 * K, 128 * K, 132 * K, 3 * M, 8 * M, 8 * M + 4 * K, 128 * K + 100 })
                    s.PanthorHeapCreate("f", "vm", $"c{i++}", chunkSize: size);
                s.Close("f");
            }) with { Catches = ["E12", "E11"] },
        Case("CreateOnUnknownVmIsEinval", "TILER_HEAP_CREATE on a VM id the file does not have fails with EINVAL and creates no pool.",
            s => WithVm(s).Add("panthor.tiler_heap_create", "h", Fd("f"), N("vm_id", 31), N("initial_chunk_count", 1), N("chunk_size", 2 * M),
                N("max_chunks", 4), N("target_in_flight", 1)).Close("f")),
        Case("InitialVersusMaxBoundary", "The boundary triple (initial, max) = (2, 1) fails with EINVAL while (2, 2) and (1, 2) succeed.",
            s => WithVm(s).PanthorHeapCreate("f", "vm", "a", initial: 2, max: 1).PanthorHeapCreate("f", "vm", "b", initial: 2, max: 2)
                  .PanthorHeapCreate("f", "vm", "c", initial: 1, max: 2).Close("f")) with { Catches = ["E11"] },
        Case("FirstHeapHandleIsVmIdShifted", "The first heap on a VM gets id 0, so its handle is vm_id << 16, and its context lies at the pool's base.",
            s => WithVm(s).PanthorHeapCreate("f", "vm", "h").PanthorHeapDestroy("f", "h").Close("f")) with { Catches = ["E10"] },
        Case("HundredTwentyEightHeapsThenEbusy",
            "A VM holds 128 heaps with ids 0..127 and contexts stride apart inside the pool; the 129th fails with EBUSY, and a destroyed id is reused lowest first.",
            s =>
            {
                WithVm(s);
                for (int i = 0; i < 128; i++) s.PanthorHeapCreate("f", "vm", $"h{i}", chunkSize: 128 * K, max: 1);
                s.PanthorHeapCreate("f", "vm", "over", chunkSize: 128 * K, max: 1)
                 .PanthorHeapDestroy("f", "h5").PanthorHeapDestroy("f", "h3")
                 .PanthorHeapCreate("f", "vm", "r3", chunkSize: 128 * K, max: 1).PanthorHeapCreate("f", "vm", "r5", chunkSize: 128 * K, max: 1)
                 .Close("f");
            }) with { Catches = ["E10"] },
        Case("DestroyErrorRows",
            "TILER_HEAP_DESTROY fails with ENOENT on a VM without a pool, EINVAL for pad, an unknown VM and an unknown or out-of-range heap id.",
            s => WithVm(s).PanthorVmCreate("f", "vm2").PanthorHeapDestroyRaw("f", 2L << 16)
                  .PanthorHeapCreate("f", "vm", "h").PanthorHeapDestroy("f", "h", pad: 1).PanthorHeapDestroyRaw("f", 30L << 16)
                  .PanthorHeapDestroyRaw("f", (1L << 16) | 9).PanthorHeapDestroyRaw("f", (1L << 16) | 200).Close("f"))
            with { Catches = ["E14"] },
        Case("DestroyOnVmWithoutPoolIsEnoent", "TILER_HEAP_DESTROY on a VM that never had a heap fails with ENOENT rather than oopsing.",
            s => WithVm(s).PanthorHeapDestroyRaw("f", 1L << 16).Close("f")) with { Catches = ["E14"] },
        Case("PoolIsLazyAndSurvivesItsLastHeap",
            "The heap pool appears with the first heap, stays when the last heap is destroyed, and goes with VM_DESTROY.",
            s => WithVm(s).Observe().PanthorHeapCreate("f", "vm", "h", initial: 2, max: 4).PanthorHeapDestroy("f", "h")
                  .PanthorVmDestroy("f", "vm").Close("f")),
        Case("PoolDiesWithTheFile", "Closing the file destroys its VMs and with them every heap pool and chunk.",
            s => WithVm(s).PanthorVmCreate("f", "vm2").PanthorHeapCreate("f", "vm", "a", initial: 2).PanthorHeapCreate("f", "vm2", "b", initial: 3, max: 3)
                  .Open("g", "panthor").Close("f").Observe().Close("g")),
        Case("VmDestroyErrorRows", "VM_DESTROY fails with EINVAL for a non-zero pad and for an already destroyed id.",
            s => WithVm(s).PanthorVmDestroy("f", "vm", pad: 1).PanthorVmDestroy("f", "vm").PanthorVmDestroy("f", "vm").Close("f"),
            "panthor_vm@vm_destroy_invalid"),
        Case("VmLimitIsThirtyTwo", "A file holds 32 VMs; the 33rd VM_CREATE fails with EBUSY.",
            s =>
            {
                s.Open("f", "panthor");
                for (int i = 0; i < 33; i++) s.PanthorVmCreate("f", $"vm{i}");
                s.Close("f");
            }, "panthor_vm@vm_create_destroy"),
        Case("CreateOnDestroyedVmIsEinval", "TILER_HEAP_CREATE on a destroyed VM fails with EINVAL.",
            s => WithVm(s).PanthorHeapCreate("f", "vm", "h").PanthorVmDestroy("f", "vm").PanthorHeapCreate("f", "vm", "late").Close("f")),
        Case("ResidentMemoryTracksChunks",
            "panthor-resident-memory and the gems line counts follow every heap create and destroy: context buffer plus chunk_size per live chunk.",
            s => WithVm(s).PanthorHeapCreate("f", "vm", "a", initial: 2, chunkSize: 2 * M).PanthorHeapCreate("f", "vm", "b", initial: 1, chunkSize: 512 * K)
                  .PanthorHeapDestroy("f", "a").PanthorHeapCreate("f", "vm", "c", initial: 3, chunkSize: 128 * K, max: 3)
                  .PanthorHeapDestroy("f", "b").PanthorHeapDestroy("f", "c").Close("f")) with { Catches = ["E16"] },
        Case("OomAtMaxChunksIsNotFatal",
            "A heap with initial = max = 1 that hits a tiler OOM with no fragment job pending gets ENOMEM and the group stays healthy.",
            s => WithVm(s).PanthorHeapCreate("f", "vm", "h", initial: 1, max: 1).PanthorGroupCreate("f", "vm", "g")
                  .SimTilerOom("f", "g", "h").PanthorGroupGetState("f", "g").Close("f")) with { Catches = ["E13"] },
        Case("ConcurrentGrowsOfResidentHeapKeepEveryChunk",
            "Pairs of tiler OOMs grow one heap of a group with a job in flight at the same time, under three interleavings; every grown chunk is kept and counted, so resident memory and the gems chunk lines rise by one chunk_size per grow.",
            s =>
            {
                WithVm(s).PanthorHeapCreate("f", "vm", "h", initial: 1, chunkSize: 256 * K, max: 8).PanthorGroupCreate("f", "vm", "g");
                GroupSubmit(s, "g");
                for (int seed = 1; seed <= 3; seed++) s.Race(seed, TilerOom("g", "h"), TilerOom("g", "h")).Observe();
                s.Close("f");
            }) with { Catches = ["E17b"] },
        Case("GrownChunkIsKeptOnlyWhileTheGroupIsResident",
            "A chunk grown for a group with no job in flight is returned (new chunk VA 0, memory unchanged); with a job in flight it is kept; after the job completes the next grown chunk is returned again, and once the group is gone resident memory is exactly the pool plus the kept chunks.",
            s =>
            {
                WithVm(s).PanthorHeapCreate("f", "vm", "h", initial: 1, chunkSize: 256 * K, max: 4).PanthorGroupCreate("f", "vm", "g")
                    .SimTilerOom("f", "g", "h").SimTilerOom("f", "g", "h");
                GroupSubmit(s, "g").SimTilerOom("f", "g", "h").SimCompleteJobs().SimTilerOom("f", "g", "h")
                    .Add("panthor.group_destroy", null, Fd("f"), S("group_handle", "g")).Observe().Close("f");
            }) with { Catches = ["E17c"] },
        Case("VmDestroyRacingHeapCreate",
            "VM_DESTROY racing TILER_HEAP_CREATE on the same VM ends with the VM gone and no use-after-free; the create either succeeds first or fails with EINVAL.",
            s => WithVm(s).Race(1, Ops.Of("panthor.vm_destroy", null, Fd("f"), S("id", "vm")), HeapCreate("vm", "h")).Close("f"))
            with { Catches = ["E15"] },
    ];

    /// <summary>E15 under stress: many VMs, each destroyed while heaps are created on it, with different interleavings.</summary>
    public static SuiteCase VmDestroyRacingHeapCreateStress { get; } =
        Case("VmDestroyRacingHeapCreateStress",
            "Sixteen VMs are each destroyed while two threads create heaps on them, under sixteen interleavings, and the kernel stays healthy.",
            s =>
            {
                s.Open("f", "panthor");
                for (int i = 0; i < 16; i++)
                {
                    s.PanthorVmCreate("f", $"vm{i}").PanthorHeapCreate("f", $"vm{i}", $"h{i}")
                     .Race(i, HeapCreate($"vm{i}", $"a{i}"), Ops.Of("panthor.vm_destroy", null, Fd("f"), S("id", $"vm{i}")), HeapCreate($"vm{i}", $"b{i}"));
                }
                s.Close("f");
            }) with { Categories = ["stress"], Catches = ["E15"] };

    /// <summary>One job on queue 0 of <paramref name="group"/>: on a simulated board the group stays on a CSG slot
    /// until the job completes (docs/protocol.md "panthor residency").</summary>
    private static Scenario GroupSubmit(Scenario s, string group) =>
        s.Add("panthor.group_submit", null, Fd("f"), S("group_handle", group),
            ("queue_submits", OpArg.List([OpArg.Obj([new("queue_index", OpArg.Of(0)), new("stream_size", OpArg.Of(64)),
                new("stream_addr", OpArg.Of(0x10000)), new("latest_flush", OpArg.Of(0)), new("syncs", OpArg.List([]))])])));

    private static ModelOp TilerOom(string group, string heap) =>
        Ops.Of("sim.tiler_oom", null, Fd("f"), S("group_handle", group), N("queue_index", 0), ("heap_ctx_va", OpArg.Sym(heap, "tiler_heap_ctx_gpu_va")),
            N("renderpasses_in_flight", 0), N("pending_frag_count", 0));

    private static ModelOp HeapCreate(string vm, string heap) =>
        Ops.Of("panthor.tiler_heap_create", heap, Fd("f"), S("vm_id", vm), N("initial_chunk_count", 1), N("chunk_size", 2 * M), N("max_chunks", 4), N("target_in_flight", 1));
}
