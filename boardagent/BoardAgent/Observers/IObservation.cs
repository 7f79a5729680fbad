namespace HilHarness.BoardAgent.Observers;

/// <summary>
/// What every observation result shares: either its parsed fields, or <see cref="Unavailable"/> saying why the
/// source could not be read or parsed (no debugfs, no permission, not on this kernel, malformed text). The data
/// fields are null exactly when Unavailable is set, so the JSON is either the value or <c>{"unavailable": …}</c>.
/// </summary>
public interface IObservation
{
    /// <summary>Why the source has no value, or null when it has one.</summary>
    string? Unavailable { get; }
}
