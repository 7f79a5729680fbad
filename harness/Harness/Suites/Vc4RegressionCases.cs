using HilHarness.Model;
using HilHarness.Scenarios;
using HilHarness.Uapi;
using static HilHarness.Suites.Ops;

namespace HilHarness.Suites;

/// <summary>
/// vc4 cases for the 2026 fixes of kernel-facts E (E5 runtime PM, E7 hang-state leaks). They run with the binner
/// suite (<see cref="Vc4BinnerCases.Suite"/>): runtime PM and GPU resets are what the bin BO lives through, and the
/// suite's NUnit fixture runs every case of <see cref="SuiteCatalog.Vc4Binner"/>.
/// </summary>
public static class Vc4RegressionCases
{
    private const long Target = Vc4Jobs.TargetBytes;

    /// <summary>Long enough to contain a kmemleak scan after any leak: scans run every 600 s, and report objects at
    /// least 5 s old.</summary>
    private const long KmemleakScanWindowMs = 610_000;

    private static SuiteCase Case(string name, string description, Action<Scenario> build) =>
        new(Vc4BinnerCases.Suite, "vc4", name, description, build);

    public static IReadOnlyList<SuiteCase> All { get; } =
    [
        // Every step observes runtime_pm; the model predicts it from 7.1 on (kernel-facts E5), so on 6.x kernels this
        // case checks only the bin BO and the job.
        Case("V3dAutosuspendsAfterJob",
            "V3D is active while a job holds it and runtime-suspends 40 ms after the job completes (aaefbdde9abd released bind's PM reference).",
            s => s.Open("f", "vc4").Vc4CreateBo("f", "t", Target).SubmitClear("f", "j", "t")
                  .SimAdvance(39).SimAdvance(10).Close("f"))
            with { Catches = ["E5"] },
        // The GPU hang is a simulated fault: the job never finishes by itself and the hang check resets the GPU 1-2 s
        // later. The second allocation after the submit is vc4_save_hang_state()'s GFP_ATOMIC BO array (the first is
        // kernel_state), so the save fails, nothing is saved (GET_HANG_STATE is ENOENT) and kernel_state must be freed
        // (9525d169e5fd). The model does not simulate hangs: it sees the job finish at once, which agrees with the
        // board at every observed step because the first step after the submit waits out the reset and the kernel BO
        // cache (kernel-facts A.8: 1-2 s after a free).
        Case("GpuHangWithFailedStateSaveLeaksNothing",
            "A GPU hang whose hang-state save runs out of memory is reset, saves no state (GET_HANG_STATE ENOENT) and leaks nothing kmemleak can find.",
            s => s.Open("f", "vc4").Vc4CreateBo("f", "t", Target)
                  .AddWithoutEffect(SimInject("gpu-hang"), Errno.None)
                  .SubmitClear("f", "j", "t")
                  .AddWithoutEffect(Of("sim.inject", null, ("kind", OpArg.Str("alloc-fail")), N("nth", 2)), Errno.None)
                  .SimAdvance(5000)
                  .Add("vc4.get_hang_state", null, Fd("f"))
                  .Close("f").SimAdvance(KmemleakScanWindowMs))
            with { Catches = ["E7"] },
    ];
}
