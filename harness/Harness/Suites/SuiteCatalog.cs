namespace HilHarness.Suites;

/// <summary>Every suite's cases by suite name, as the NUnit fixtures, the detection test and <c>hil run</c>
/// enumerate them.</summary>
public static class SuiteCatalog
{
    /// <summary>The suite of random model-checked sequences (<see cref="ModelBasedSuite"/>): not case data.</summary>
    public const string ModelBased = "model-based";

    public static IReadOnlyList<SuiteCase> Vc4Binner { get; } = [.. Vc4BinnerCases.All, Vc4BinnerCases.ConcurrentFirstCreateBoStress, .. Vc4RegressionCases.All];

    public static IReadOnlyList<SuiteCase> PanthorHeap { get; } = [.. PanthorHeapCases.All, PanthorHeapCases.VmDestroyRacingHeapCreateStress];

    public static IReadOnlyList<SuiteCase> Vc4 { get; } = [.. Vc4Binner, .. Vc4UapiCases.All];

    public static IReadOnlyList<SuiteCase> Panthor => PanthorHeap;

    /// <summary>Every suite <c>hil run --suite</c> accepts, in the order it runs them on a board.</summary>
    public static IReadOnlyList<string> Names { get; } = [Vc4BinnerCases.Suite, Vc4UapiCases.Suite, PanthorHeapCases.Suite, DrmCoreCases.Suite, ModelBased];

    /// <summary>The cases of a suite whose cases are data; null for <see cref="ModelBased"/> and unknown names.</summary>
    public static IReadOnlyList<SuiteCase>? CasesOf(string suite) => suite switch
    {
        Vc4BinnerCases.Suite => Vc4Binner,
        Vc4UapiCases.Suite => Vc4UapiCases.All,
        PanthorHeapCases.Suite => PanthorHeap,
        DrmCoreCases.Suite => DrmCoreCases.All,
        _ => null,
    };

    public static IReadOnlyList<SuiteCase> ForDriver(string driver) => driver switch
    {
        "vc4" => Vc4,
        "panthor" => Panthor,
        "vgem" or "virtio_gpu" => DrmCoreCases.All,
        _ => [],
    };
}
