using System.Collections.Immutable;

namespace HilHarness.Comparison;

/// <summary>One row of a comparison: the step, what the model expected, what the board answered, what differs and
/// what the board could not show. Plain data, serializable to JSON for reports.</summary>
public sealed record StepComparison(
    int Index, string Op, string Expected, string Observed,
    ImmutableArray<string> Differences, ImmutableArray<string> NotObservable, StepStatus Status);

public enum StepStatus
{
    Match,
    Differs,
    /// <summary>The kernel crashed or warned (predicted or not).</summary>
    KernelFailure,
    /// <summary>No result: the batch ended before this step for a reason that is not the kernel's.</summary>
    NoResult,
    /// <summary>The agent rejected the step (protocol error): the harness, not the kernel, is wrong.</summary>
    ProtocolError,
}
