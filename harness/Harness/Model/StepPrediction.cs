using System.Collections.Immutable;
using HilHarness.Uapi;

namespace HilHarness.Model;

/// <summary>
/// What the model predicts for one step: success or the errno, the out fields, the observations after it, and
/// whether the kernel is expected to fail its health check (an oops that a known-old kernel must hit).
/// </summary>
public sealed record StepPrediction(
    string Op,
    Errno Errno,
    ImmutableSortedDictionary<string, FieldExpectation> Out,
    ImmutableArray<ObservationExpectation> Observations,
    string? KernelFailure = null,
    string? Note = null)
{
    /// <summary>For a read of memory (<c>map.read</c>): the bytes (base64) the <c>data</c> out field must hold, or null.</summary>
    public string? ExpectedData { get; init; }

    public static StepPrediction Success(string op) => new(op, Errno.None, ImmutableSortedDictionary<string, FieldExpectation>.Empty, []);

    public static StepPrediction Fail(string op, Errno errno) => new(op, errno, ImmutableSortedDictionary<string, FieldExpectation>.Empty, []);

    /// <summary>The kernel is expected to crash here (kernel-facts names the bug); health, not a result, is compared.</summary>
    public static StepPrediction Crash(string op, string why) =>
        new(op, Errno.None, ImmutableSortedDictionary<string, FieldExpectation>.Empty, [], why);

    public StepPrediction WithOut(string field, FieldExpectation expectation) => this with { Out = Out.SetItem(field, expectation) };

    public StepPrediction WithObservation(ObservationExpectation observation) => this with { Observations = Observations.Add(observation) };

    public string DescribeResult() =>
        KernelFailure is not null ? $"kernel crash ({KernelFailure})" : Errno == Errno.None ? "ok" : Errno.ToString();
}
