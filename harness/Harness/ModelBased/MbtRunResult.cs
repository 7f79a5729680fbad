using HilHarness.Verdicts;

namespace HilHarness.ModelBased;

/// <summary>How one sequence ran on a board: whether the board disagreed with the model (or the kernel's health
/// failed), at which step, why, and the comparison behind it.</summary>
public sealed record MbtRunResult(MbtSequence Sequence, bool Failed, int? FailingStep, string Reason, Verdict Verdict, int StepsRun)
{
    /// <summary>The seed, the op list and the comparison table: what a person needs to reproduce and read a failure.</summary>
    public string Describe() =>
        $"{(Failed ? "FAILED" : "passed")}{(FailingStep is { } i ? $" at step {i}" : "")}: {Reason}\n{Sequence.Describe()}{Verdict.Report?.ToTable()}";
}
