namespace HilHarness.Inventory;

/// <summary>Power control as host-side command templates (pdudaemon, uhubctl, snmpset …). Each may use
/// <c>{board}</c> and <c>{host}</c>, which are shell-quoted when substituted.</summary>
public sealed record PowerCommands(string? On, string? Off, string? Cycle)
{
    /// <summary>True when the board can be power-cycled: a cycle command, or both off and on.</summary>
    public bool CanCycle => Cycle is not null || (On is not null && Off is not null);
}
