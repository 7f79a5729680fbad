using System.Text.Json.Nodes;

namespace HilHarness.Agent;

/// <summary>
/// A live agent on one board, whatever the transport (local process, OpenSSH, QEMU guest). Scenarios and
/// model-based testing run through this; the implementation owns timeouts, agent death and classification.
/// </summary>
public interface IBoardSession : IAsyncDisposable
{
    /// <summary>The board's name in boards.json.</summary>
    string BoardName { get; }

    /// <summary>What the agent said in its hello.</summary>
    AgentHello Hello { get; }

    /// <summary>Runs steps as one batch (one round trip). Steps that completed before an agent death or a timeout
    /// are returned with <see cref="BatchOutcome.Failure"/> saying what happened.</summary>
    Task<BatchOutcome> RunBatchAsync(IReadOnlyList<AgentStep> steps, BatchOptions options, CancellationToken cancellationToken);

    /// <summary>Sends one request and waits for its reply.</summary>
    Task<AgentStepResult> CallAsync(AgentStep step, CancellationToken cancellationToken);
}

/// <summary>Options of a batch (docs/protocol.md, "Batches").</summary>
public sealed record BatchOptions
{
    public IReadOnlyList<string> ObserveAfterEach { get; init; } = [];

    /// <summary>The fd for fdinfo observations: an integer or a <c>$ref</c>.</summary>
    public JsonNode? ObserveFd { get; init; }

    public bool StopOnError { get; init; }

    /// <summary>Batch option <c>observe_changes_only</c>: a source equal to its value after the previous step comes
    /// back as <c>{"unchanged": true}</c>; <see cref="Comparison.ObservationHistory"/> expands it.</summary>
    public bool ObserveChangesOnly { get; init; }

    /// <summary>Budget for the whole batch; past it the session is torn down and the outcome is an infra failure.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>The results of the steps that completed, and why the batch ended early if it did.</summary>
public sealed record BatchOutcome(IReadOnlyList<AgentStepResult> Results, BatchFailure? Failure)
{
    public bool Completed => Failure is null;
}

/// <summary>Why a batch did not complete: the agent died (with its exit code and any kernel evidence), the
/// transport broke, or a timeout expired.</summary>
public sealed record BatchFailure(BatchFailureKind Kind, string Message, string? KernelEvidence = null);

public enum BatchFailureKind
{
    /// <summary>The agent process exited or the transport closed mid-batch with no kernel evidence.</summary>
    AgentDied,
    /// <summary>The agent died and the kernel log shows why (oops, BUG): a kernel failure, not infrastructure.</summary>
    KernelCrash,
    /// <summary>The per-batch or per-step timeout expired (a hung ioctl, a dead link).</summary>
    Timeout,
    /// <summary>The board or transport could not be reached at all.</summary>
    Unreachable,
}
