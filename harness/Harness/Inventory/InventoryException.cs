namespace HilHarness.Inventory;

/// <summary>A rack file that cannot be used, with every problem found (one per line of the message).</summary>
public sealed class InventoryException : Exception
{
    public InventoryException(IReadOnlyList<InventoryError> errors)
        : base(string.Join('\n', errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<InventoryError> Errors { get; }
}
