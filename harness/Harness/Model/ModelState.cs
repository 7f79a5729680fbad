namespace HilHarness.Model;

/// <summary>The model's state of one board's driver: immutable; every op returns a new one.</summary>
public abstract record ModelState(BoardSemantics Semantics, long NowMs)
{
    /// <summary>The file whose fdinfo a batch observes (the first one opened), or null.</summary>
    public string? ObservedFile { get; init; }
}
