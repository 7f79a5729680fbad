using HilHarness.Inventory;

namespace HilHarness.Cli.Commands;

/// <summary>Loads the rack for a command, printing its errors (file:line: path: what) instead of a stack trace.</summary>
internal static class RackFile
{
    public static Rack? TryLoad(FileInfo file)
    {
        try
        {
            return RackLoader.Load(file.FullName);
        }
        catch (InventoryException e)
        {
            Console.Error.WriteLine(e.Message);
            return null;
        }
    }
}
