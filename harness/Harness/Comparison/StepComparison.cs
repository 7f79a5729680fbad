using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace HilHarness.Comparison;

/// <summary>One row of a comparison: the step, what the model expected, what the board answered, what differs and
/// what the board could not show. Plain data, serializable to JSON for reports.</summary>
/// <remarks>The expected and observed texts are only for people; the comparer hands them over as functions, built
/// the first time a report or table reads them, because a model-based search compares hundreds of thousands of steps
/// whose rows nobody reads.</remarks>
public sealed record StepComparison
{
    private Func<string>? _describeExpected;
    private Func<string>? _describeObserved;
    private string? _expected;
    private string? _observed;

    [JsonConstructor]
    public StepComparison(int index, string op, string expected, string observed,
        ImmutableArray<string> differences, ImmutableArray<string> notObservable, StepStatus status)
        : this(index, op, differences, notObservable, status)
    {
        _expected = expected;
        _observed = observed;
    }

    /// <summary>A row whose texts are described on first read.</summary>
    internal StepComparison(int index, string op, Func<string> describeExpected, Func<string> describeObserved,
        ImmutableArray<string> differences, ImmutableArray<string> notObservable, StepStatus status)
        : this(index, op, differences, notObservable, status)
    {
        _describeExpected = describeExpected;
        _describeObserved = describeObserved;
    }

    private StepComparison(int index, string op, ImmutableArray<string> differences, ImmutableArray<string> notObservable, StepStatus status)
    {
        Index = index;
        Op = op;
        Differences = differences;
        NotObservable = notObservable;
        Status = status;
    }

    public int Index { get; init; }

    public string Op { get; init; }

    public string Expected
    {
        get => _expected ??= _describeExpected!();
        init => (_expected, _describeExpected) = (value, null);
    }

    public string Observed
    {
        get => _observed ??= _describeObserved!();
        init => (_observed, _describeObserved) = (value, null);
    }

    public ImmutableArray<string> Differences { get; init; }

    public ImmutableArray<string> NotObservable { get; init; }

    public StepStatus Status { get; init; }

    /// <summary>Rows are equal when everything they show is equal, however their texts were built.</summary>
    public bool Equals(StepComparison? other) =>
        other is not null && Index == other.Index && Op == other.Op && Expected == other.Expected && Observed == other.Observed
        && Differences.SequenceEqual(other.Differences) && NotObservable.SequenceEqual(other.NotObservable) && Status == other.Status;

    public override int GetHashCode() => HashCode.Combine(Index, Op, Status);
}

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
