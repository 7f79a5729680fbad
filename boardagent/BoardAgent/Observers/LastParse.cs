namespace HilHarness.BoardAgent.Observers;

/// <summary>
/// Remembers the last text a source was parsed from and what it parsed to. A batch re-reads its sources after every
/// step and most steps change nothing, so the same text gives back the same (immutable) value without parsing it
/// again; <see cref="ObservationDelta"/> then knows it unchanged without serialising it.
/// </summary>
internal sealed class LastParse<T>(Func<string, T> parse) where T : class
{
    private readonly Lock gate = new();
    private string? text;
    private T? value;

    public T Parse(string current)
    {
        lock (gate)
        {
            if (value is null || !string.Equals(text, current, StringComparison.Ordinal))
            {
                value = parse(current);
                text = current;
            }
            return value;
        }
    }
}
