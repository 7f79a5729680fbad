namespace HilHarness.Inventory;

/// <summary>The boards of one rack file.</summary>
public sealed record Rack(string Source, IReadOnlyList<BoardRecord> Boards)
{
    /// <summary>The board named <paramref name="name"/>; an unknown name is an error that lists the rack's boards.</summary>
    public BoardRecord Board(string name) =>
        Boards.FirstOrDefault(b => b.Name == name)
        ?? throw new KeyNotFoundException(
            $"{Source}: no board named \"{name}\"" +
            (EditDistance.Suggest(name, Boards.Select(b => b.Name)) is { } near ? $" (did you mean \"{near}\"?)" : "") +
            $"; the rack has: {string.Join(", ", Boards.Select(b => b.Name))}");
}
