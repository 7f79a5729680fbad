using HilHarness.Verdicts;

namespace HilHarness.Suites;

/// <summary>How a model-based search ended on one board: the verdict, the text a person reads (the shrunk
/// counterexample with its seed and per-step table), and the board's kernel release when it was reached.</summary>
public sealed record ModelBasedOutcome(Verdict Verdict, string Details, string? KernelRelease, TimeSpan Duration);
