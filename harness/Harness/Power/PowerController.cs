using HilHarness.Inventory;
using HilHarness.Transport;

namespace HilHarness.Power;

/// <summary>
/// Runs a board's power command templates on the host. <c>{board}</c> and <c>{host}</c> are replaced by
/// shell-quoted values, so a board name can never inject a command into a PDU script.
/// </summary>
public sealed class PowerController(BoardRecord board, TimeSpan commandTimeout)
{
    public PowerController(BoardRecord board) : this(board, TimeSpan.FromSeconds(30)) { }

    public bool CanCycle => board.Power?.CanCycle == true;

    /// <summary>The shell command a template becomes for this board.</summary>
    public string Expand(string template) => template
        .Replace("{board}", ShellQuote.Quote(board.Name), StringComparison.Ordinal)
        .Replace("{host}", ShellQuote.Quote(board.Host ?? ""), StringComparison.Ordinal);

    public Task OnAsync(CancellationToken cancellationToken) => RunAsync("on", board.Power?.On, cancellationToken);

    public Task OffAsync(CancellationToken cancellationToken) => RunAsync("off", board.Power?.Off, cancellationToken);

    /// <summary>The cycle command, or off then on when there is none.</summary>
    public async Task CycleAsync(CancellationToken cancellationToken)
    {
        if (board.Power?.Cycle is { } cycle)
        {
            await RunAsync("cycle", cycle, cancellationToken).ConfigureAwait(false);
            return;
        }
        await OffAsync(cancellationToken).ConfigureAwait(false);
        await OnAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(string action, string? template, CancellationToken cancellationToken)
    {
        if (template is null)
            throw new InfraException(board.Name, InfraErrorKind.Power, $"no \"{action}\" power command in {board.Origin}");
        string command = Expand(template);
        var result = await CommandRunner.RunAsync(board.Name, $"power {action}: {command}", ["/bin/sh", "-c", command], commandTimeout, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new InfraException(board.Name, InfraErrorKind.Power, $"power {action} (\"{command}\") exited {result.ExitCode}: {result.Diagnostic}");
    }
}
