using System.Buffers.Binary;
using HilHarness.Model;
using HilHarness.Scenarios;
using HilHarness.Uapi;
using static HilHarness.Suites.Ops;

namespace HilHarness.Suites;

/// <summary>
/// The vc4 binner BO suite (kernel-facts A.3–A.8; seed: "Allocate binner bo when starting to use the V3D"). Every
/// step is observed through debugfs <c>bo_stats</c>, so the bin BO's existence is checked after each transition,
/// not only at the end. IGT has no test of the bin BO; the job-building cases share IGT's clear-job shape.
/// </summary>
public static class Vc4BinnerCases
{
    public const string Suite = "vc4-binner";

    /// <summary>A seed whose interleaving preempts the first CREATE_BO between its bin_bo_used test and set (E1).</summary>
    public const int RaceSeed = 2;

    /// <summary>The smallest program vc4_validate_shader accepts: PROG_END and its two delay-slot NOPs.</summary>
    public static byte[] MinimalShader()
    {
        const ulong nop = 0x100009e7009e7000, progEnd = 0x300009e7009e7000;
        var code = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(code, progEnd);
        BinaryPrimitives.WriteUInt64LittleEndian(code.AsSpan(8), nop);
        BinaryPrimitives.WriteUInt64LittleEndian(code.AsSpan(16), nop);
        return code;
    }

    private static SuiteCase Case(string name, string description, Action<Scenario> build) => new(Suite, "vc4", name, description, build);

    /// <summary>64×64 RGBA8888: what the clear job writes.</summary>
    private const long Target = Vc4Jobs.TargetBytes;

    public static IReadOnlyList<SuiteCase> All { get; } =
    [
        Case("BinBoAllocatedOnFirstCreateBo",
            "The bin BO does not exist on a fresh file and appears on its first CREATE_BO, then goes with the file.",
            s => s.Open("f", "vc4").Vc4CreateBo("f", "a", 4096).Close("f")),
        Case("BinBoAllocatedOnFirstCreateShaderBo",
            "The first valid CREATE_SHADER_BO allocates the bin BO just as CREATE_BO does.",
            s => s.Open("f", "vc4").Vc4CreateShaderBo("f", "sh", MinimalShader()).Close("f")),
        Case("ShaderBoArgumentErrorTakesNoReference",
            "A CREATE_SHADER_BO refused by its argument checks (size not a multiple of 8) takes no bin BO reference.",
            s => s.Open("f", "vc4").Vc4CreateShaderBo("f", "sh", new byte[12]).Close("f")),
        Case("DumbCreateDoesNotAllocateBinBo",
            "CREATE_DUMB makes a dumb BO and never allocates the bin BO.",
            s => s.Open("f", "vc4").Add("drm.mode_create_dumb", "d", Fd("f"), N("width", 64), N("height", 64), N("bpp", 32)).Close("f")),
        Case("OneReferencePerFileHoweverManyBos",
            "Three CREATE_BOs on one file take one bin BO reference, so a single close releases it.",
            s => s.Open("f", "vc4").Vc4CreateBo("f", "a", 4096).Vc4CreateBo("f", "b", 8192).Vc4CreateBo("f", "c", 4096).Close("f"))
            with { Catches = ["E3"] },
        Case("SharedByFilesReleasedWithLastUser",
            "Two files share one bin BO: it survives the first close and is released at the second.",
            s => s.Open("f", "vc4").Open("g", "vc4").Vc4CreateBo("f", "a", 4096).Vc4CreateBo("g", "b", 4096).Close("f").Close("g")),
        Case("LiveMmapHoldsBinBoPastClose",
            "A live mmap keeps the struct file, so the file's bin BO reference is dropped at the last munmap, not at close.",
            s => s.Open("f", "vc4").Vc4CreateBo("f", "a", 4096).Vc4MmapBo("f", "a", "off").Mmap("f", "off", "m", 4096).Close("f").Munmap("m")),
        Case("JobInFlightHoldsBinBoPastClose",
            "A submitted binning job holds its own bin BO reference, so the BO outlives the file until the job completes.",
            s => s.Open("f", "vc4").Vc4CreateBo("f", "t", Target).SubmitClear("f", "j", "t").Close("f").SimCompleteJobs()),
        Case("CacheWindowThenSameSizeReuse",
            "A released bin BO sits in the kernel BO cache for 1–2 s, a new user inside the window gets the same buffer back, and it drains after.",
            s => s.Open("f", "vc4").Vc4CreateBo("f", "a", 4096).Close("f").SimAdvance(500)
                  .Open("g", "vc4").Vc4CreateBo("g", "b", 4096).Close("g").SimAdvance(2500)),
        Case("SizeZeroCreateBoGrabsBinBo",
            "CREATE_BO with size 0 fails with EINVAL but keeps the reference it grabbed first, which close drops exactly once.",
            s => s.Open("f", "vc4").Vc4CreateBo("f", "a", 0).Close("f").SimAdvance(2500))
            with { Catches = ["E3"] },
        Case("CmaExhaustedCreateBoFailsWithoutReference",
            "With CMA exhausted the first CREATE_BO fails with ENOMEM and marks nothing, so closing the file neither drops a reference nor frees another file's bin BO.",
            s => s.Open("f", "vc4").Add(SimInject("cma-fill")).Vc4CreateBo("f", "a", 4096).Add(SimInject("cma-release"))
                  .Open("g", "vc4").Vc4CreateBo("g", "b", 4096).Close("f").Vc4CreateBo("g", "c", 4096).Close("g"))
            with
            {
                Catches = ["E2"],
                // The model predicts the ENOMEM itself (Vc4Cma), which it does only where it can be sure of it.
                NotApplicableWhen = b => !b.Simulated ? "CMA is exhausted with sim.inject, which only a simulated board has"
                    : b.Vc4BinBoAtProbe ? "before 5.3 the bin BO is allocated at probe and no file takes a reference (kernel-facts A.1)" : null,
            },
        Case("RuntimeSuspendResumeKeepsBinBo",
            "Runtime suspend and resume leave an allocated bin BO in place (5.3+), and a job after resume still runs.",
            s => s.Open("f", "vc4").Vc4CreateBo("f", "t", Target).SimSuspend().Observe().SimResume()
                  .SubmitClear("f", "j", "t").SimCompleteJobs().Close("f"))
            with { Catches = ["E4"] },
        Case("ConcurrentFirstCreateBoTakesOneReference",
            "Two threads racing the first CREATE_BO on one file take one bin BO reference between them, so close releases it.",
            s => s.Open("f", "vc4").Race(RaceSeed, Vc4CreateBo("f", "a", 4096), Vc4CreateBo("f", "b", 4096)).Close("f").SimAdvance(2500))
            with { Catches = ["E1"] },
        Case("ManyFilesAndJobsInterleaved",
            "Three files and their jobs come and go in an interleaved order, and the bin BO lives exactly while a file or a job holds it.",
            s => s.Open("f", "vc4").Open("g", "vc4").Open("h", "vc4")
                  .Vc4CreateBo("f", "tf", Target).Vc4CreateBo("g", "tg", Target).SubmitClear("f", "jf", "tf")
                  .Close("f").SubmitClear("g", "jg", "tg").Close("g").SimCompleteJobs().SimAdvance(2500)
                  .Vc4CreateBo("h", "th", Target).SubmitClear("h", "jh", "th").Close("h").SimCompleteJobs().SimAdvance(2500)),
    ];

    /// <summary>E1 under stress: many fresh files, each raced with a different seed.</summary>
    public static SuiteCase ConcurrentFirstCreateBoStress { get; } =
        Case("ConcurrentFirstCreateBoStress",
            "Sixteen fresh files each race four first CREATE_BOs (a different interleaving each), and no bin BO reference leaks.",
            s =>
            {
                for (int i = 0; i < 16; i++)
                {
                    string f = $"f{i}";
                    s.Open(f, "vc4").Race(i, Vc4CreateBo(f, $"{f}a", 4096), Vc4CreateBo(f, $"{f}b", 4096),
                        Vc4CreateBo(f, $"{f}c", 4096), Vc4CreateBo(f, $"{f}d", 4096)).Close(f);
                }
                s.SimAdvance(2500);
            }) with { Categories = ["stress"], Catches = ["E1"] };
}
