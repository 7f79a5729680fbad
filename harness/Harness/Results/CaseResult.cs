using System.Text.Json.Serialization;
using HilHarness.Verdicts;

namespace HilHarness.Results;

/// <summary>
/// One case's result on one board as a line of <c>results/&lt;run-id&gt;/results.jsonl</c>: enough to rebuild the
/// run's summary, resume the run, and read a failure without the console output it was printed on.
/// </summary>
public sealed record CaseResult
{
    public required string RunId { get; init; }
    public required string Board { get; init; }
    public required string Suite { get; init; }
    public required string Case { get; init; }
    public required Outcome Outcome { get; init; }
    public required TimeSpan Duration { get; init; }

    /// <summary>Why, in one line: the first differing step, the kernel-health summary, the infrastructure error.</summary>
    public required string Reason { get; init; }

    /// <summary>The Comparer's fixed-width per-step table, or null when no batch ran.</summary>
    public string? Diff { get; init; }

    /// <summary>The kernel log lines behind a KernelHealth outcome, or null.</summary>
    public string? KernelLog { get; init; }

    /// <summary>The board's <c>uname -r</c> from its hello, or null when the board was never reached.</summary>
    public string? KernelVersion { get; init; }

    /// <summary>The simulated kernel's profile (<c>rpi3-6.12</c>), or null for a real kernel.</summary>
    public string? Profile { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The key a resumed run skips by: one case on one board (derived, so not written).</summary>
    [JsonIgnore]
    public CaseKey Key => new(Board, Suite, Case);
}
