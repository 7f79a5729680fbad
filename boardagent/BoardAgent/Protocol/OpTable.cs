namespace HilHarness.BoardAgent.Protocol;

/// <summary>The op catalogue: one row per protocol op name → its handler. Session, ioctl, observation, batch and
/// sim op groups each add their rows; nothing dispatches with a switch.</summary>
public sealed class OpTable
{
    private readonly Dictionary<string, OpHandler> handlers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OpHandler>.AlternateLookup<ReadOnlySpan<char>> bySpan;

    public OpTable() => bySpan = handlers.GetAlternateLookup<ReadOnlySpan<char>>();

    public IEnumerable<string> Names => handlers.Keys;

    public void Add(string op, OpHandler handler)
    {
        if (!handlers.TryAdd(op, handler)) throw new InvalidOperationException($"op '{op}' is registered twice");
    }

    public OpHandler? Find(string op) => handlers.GetValueOrDefault(op);

    public OpHandler? Find(ReadOnlySpan<char> op) => bySpan.TryGetValue(op, out var h) ? h : null;
}
