using System.Runtime.CompilerServices;
using HilHarness.Inventory;

namespace HilHarness.TestCases.Rack;

/// <summary>
/// Which rack and which boards the suites run on, read from the environment at discovery: <c>HIL_RACK</c> (a
/// boards.json; default the repository's) and <c>HIL_BOARDS</c> (comma-separated names; default every board).
/// Discovery reads the file only; it never contacts a board.
/// </summary>
public static class RackSelection
{
    public const string RackVariable = "HIL_RACK";
    public const string BoardsVariable = "HIL_BOARDS";

    private static readonly Lazy<Inventory.Rack> Loaded = new(() => RackLoader.Load(RackPath()));

    public static Inventory.Rack Rack => Loaded.Value;

    /// <summary>The selected boards, in rack order; an unknown name in HIL_BOARDS is an error naming the rack's boards.</summary>
    public static IReadOnlyList<BoardRecord> Boards()
    {
        var rack = Rack;
        if (Environment.GetEnvironmentVariable(BoardsVariable) is not { Length: > 0 } selection)
            return rack.Boards;
        var names = selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names) rack.Board(name);
        return [.. rack.Boards.Where(b => names.Contains(b.Name))];
    }

    public static BoardRecord Board(string name) => Rack.Board(name);

    public static string RackPath() =>
        Environment.GetEnvironmentVariable(RackVariable) is { Length: > 0 } explicitRack
            ? Path.GetFullPath(explicitRack)
            : Path.Combine(RepositoryRoot(), "boards.json");

    /// <summary>The checkout: from the working directory up, else from this source file's compile-time location (the
    /// build output may live outside the checkout when HIL_ARTIFACTS points elsewhere).</summary>
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "HilHarness.sln")) && File.Exists(Path.Combine(dir.FullName, "boards.json")))
                    return dir.FullName;
        throw new InvalidOperationException($"cannot find the repository's boards.json from {Environment.CurrentDirectory}; set {RackVariable} to a rack file");
    }
}
