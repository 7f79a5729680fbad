using System.Collections.Immutable;
using HilHarness.Scenarios;

namespace HilHarness.Suites;

/// <summary>
/// One test of a suite as data: what it proves, the IGT subtest covering the same ground (if any), and the scenario
/// it runs. The NUnit suites (testcases/TestCases) and the detection test (Harness.Tests/Detection) run the same
/// cases, so what detection proves is what the suites run.
/// </summary>
public sealed record SuiteCase(string Suite, string Driver, string Name, string Description, Action<Scenario> Build)
{
    /// <summary>The IGT subtest that covers the same ground (research/anchors.md §1.2/1.3), or null.</summary>
    public string? Igt { get; init; }

    /// <summary>NUnit categories beyond the suite's own (e.g. <c>stress</c>).</summary>
    public ImmutableArray<string> Categories { get; init; } = [];

    /// <summary>The regressions (kernel-facts E-numbers) this case is written to catch.</summary>
    public ImmutableArray<string> Catches { get; init; } = [];

    /// <summary>Why the case does not apply to a board with these semantics (a kernel before the behaviour it checks,
    /// a step only a simulated board has that the model will not even build elsewhere), or null where it does.</summary>
    public Func<Model.BoardSemantics, string?>? NotApplicableWhen { get; init; }

    /// <summary>A known disagreement between the model and the simulated kernel that is not the kernel's fault (the
    /// reason names which side is wrong); such a case runs only when selected explicitly, until that side is fixed.</summary>
    public string? KnownGap { get; init; }

    public override string ToString() => $"{Suite}/{Name}";
}
