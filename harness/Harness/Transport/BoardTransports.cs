using HilHarness.Inventory;

namespace HilHarness.Transport;

/// <summary>Chooses the transport for a board's kind. A lane that registers a new kind in <see cref="BoardKinds"/>
/// registers its transport here.</summary>
public static class BoardTransports
{
    private static readonly Dictionary<string, Func<BoardRecord, IBoardTransport>> Factories = new(StringComparer.Ordinal)
    {
        [BoardKinds.Local] = board => new LocalTransport(board.Name, LocalTransport.DefaultHome(board.Name)),
        [BoardKinds.Ssh] = board => new OpenSshTransport(board),
        [BoardKinds.Qemu] = board => new Qemu.QemuTransport(board),
    };

    private static readonly Lock Gate = new();

    public static void Register(string kind, Func<BoardRecord, IBoardTransport> factory)
    {
        BoardKinds.Register(kind);
        lock (Gate)
            Factories[kind] = factory;
    }

    public static IBoardTransport For(BoardRecord board)
    {
        lock (Gate)
            return Factories.TryGetValue(board.Kind, out var factory)
                ? factory(board)
                : throw new InvalidOperationException($"{board.Origin}: no transport for board kind \"{board.Kind}\"");
    }
}
