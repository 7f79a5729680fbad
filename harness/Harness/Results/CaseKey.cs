namespace HilHarness.Results;

/// <summary>A case on a board, as a resumed run recognizes what is already recorded.</summary>
public readonly record struct CaseKey(string Board, string Suite, string Case)
{
    public override string ToString() => $"{Board} {Suite}/{Case}";
}
