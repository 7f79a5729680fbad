namespace HilHarness.Suites;

/// <summary>Every suite's cases by suite name, as the NUnit fixtures and the detection test enumerate them.</summary>
public static class SuiteCatalog
{
    public static IReadOnlyList<SuiteCase> Vc4 { get; } =
        [.. Vc4BinnerCases.All, Vc4BinnerCases.ConcurrentFirstCreateBoStress, .. Vc4UapiCases.All];

    public static IReadOnlyList<SuiteCase> Panthor { get; } = [.. PanthorHeapCases.All, PanthorHeapCases.VmDestroyRacingHeapCreateStress];

    public static IReadOnlyList<SuiteCase> ForDriver(string driver) => driver switch
    {
        "vc4" => Vc4,
        "panthor" => Panthor,
        _ => [],
    };
}
