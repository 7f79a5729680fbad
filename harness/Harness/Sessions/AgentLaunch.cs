using HilHarness.Inventory;

namespace HilHarness.Sessions;

/// <summary>The command that starts the agent on a board.</summary>
public sealed record AgentLaunch(string Dotnet, string EntryAssembly, string Kernel, string? SimStateDirectory, bool Sudo)
{
    public const int ProtocolVersion = 1;

    /// <summary>Where a simulated board keeps its kernel log and taint between agent processes, relative to the
    /// board's home, so a probe after a crash sees what the crashed process's kernel logged.</summary>
    public static string DefaultSimState(BoardRecord board) => $".cache/hil-agent/sim-state/{board.Name}";

    public static AgentLaunch For(BoardRecord board, string entryAssembly) => new(
        board.Dotnet, entryAssembly, board.Kernel, board.IsSimulated ? DefaultSimState(board) : null, board.Sudo);

    public IReadOnlyList<string> Argv()
    {
        var argv = new List<string>();
        if (Sudo)
            argv.AddRange(["sudo", "-n", "--"]);
        argv.AddRange([Dotnet, EntryAssembly, "--kernel", Kernel]);
        if (SimStateDirectory is not null)
            argv.AddRange(["--sim-state", SimStateDirectory]);
        return argv;
    }
}
