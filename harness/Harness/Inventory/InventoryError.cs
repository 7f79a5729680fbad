namespace HilHarness.Inventory;

/// <summary>One problem in a rack file: where it is and what was expected there.</summary>
public sealed record InventoryError(string Source, int Line, int Column, string JsonPath, string Message)
{
    public override string ToString() => $"{Source}:{Line}:{Column}: {JsonPath}: {Message}";
}
