using HilHarness.Verdicts;

namespace HilHarness.Results;

/// <summary>One row of a run's summary: a suite on a board, its cases counted by how they ended, and their time.</summary>
public sealed record SuiteTally(string Board, string Suite, int Passed, int Failed, int Infra, int NotApplicable, TimeSpan Time)
{
    /// <summary>The rows of <paramref name="results"/>, boards and suites in the order they first appear.</summary>
    public static IReadOnlyList<SuiteTally> Of(IEnumerable<CaseResult> results) =>
        [.. results.GroupBy(r => (r.Board, r.Suite)).Select(g => new SuiteTally(g.Key.Board, g.Key.Suite,
            g.Count(r => r.Outcome == Outcome.Pass),
            g.Count(r => r.Outcome is Outcome.ProductFail or Outcome.KernelHealth),
            g.Count(r => r.Outcome == Outcome.InfraError),
            g.Count(r => r.Outcome == Outcome.NotApplicable),
            TimeSpan.FromTicks(g.Sum(r => r.Duration.Ticks))))];
}
