namespace HilHarness.Sessions;

/// <summary>After an agent death, looks at the board's kernel log for the reason (an oops kills the calling
/// process), so a kernel crash is reported as such and not as infrastructure trouble.</summary>
public interface ICrashProbe
{
    /// <summary>The kernel log excerpt showing a crash since <paramref name="fromSequence"/>, or null when the log
    /// shows none (or cannot be read).</summary>
    Task<string?> FindCrashAsync(long fromSequence, CancellationToken cancellationToken);
}
