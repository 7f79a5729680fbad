using HilHarness.Inventory;

namespace HilHarness.Cli.Commands;

/// <summary>Finds and loads the rack for a command, printing its errors (file:line: path: what) instead of a stack
/// trace.</summary>
internal static class RackFile
{
    public const string DefaultName = "boards.json";

    /// <summary>The repository's boards.json: the first one from the working directory upwards, else
    /// <c>./boards.json</c> (whose absence the loader then reports).</summary>
    public static FileInfo Default()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = new FileInfo(Path.Combine(dir.FullName, DefaultName));
            if (candidate.Exists) return candidate;
        }
        return new FileInfo(DefaultName);
    }

    public static Rack? TryLoad(FileInfo file, TextWriter error)
    {
        try
        {
            return RackLoader.Load(file.FullName);
        }
        catch (InventoryException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }
}
