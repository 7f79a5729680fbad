using HilHarness.Inventory;
using HilHarness.Sessions;
using HilHarness.Transport;

namespace HilHarness.Cli.Commands;

/// <summary><c>hil agent deploy [--board NAME]</c>: puts this build of the agent on the boards.</summary>
internal static class AgentDeployCommand
{
    public static async Task<int> RunAsync(FileInfo rackFile, string? boardName, CancellationToken cancellationToken)
    {
        if (RackFile.TryLoad(rackFile, Console.Error) is not { } rack)
            return 1;
        IReadOnlyList<BoardRecord> boards;
        try
        {
            boards = boardName is null ? rack.Boards : [rack.Board(boardName)];
        }
        catch (KeyNotFoundException e)
        {
            await Console.Error.WriteLineAsync($"hil: {e.Message}");
            return Program.UsageError;
        }
        var factory = new BoardSessionFactory();
        int failures = 0;
        foreach (var board in boards)
        {
            try
            {
                await using var transport = BoardTransports.For(board);
                var deployed = await factory.DeployAsync(board, transport, cancellationToken);
                Console.WriteLine(board.Kind == BoardKinds.Local
                    ? $"{board.Name}: local board, runs the build output in place ({deployed.Directory})"
                    : $"{board.Name}: agent {deployed.Hash} {(deployed.Uploaded ? "uploaded" : "already present")} in ~/{deployed.Directory} ({deployed.RemoteCommands} remote command{(deployed.RemoteCommands == 1 ? "" : "s")})");
            }
            catch (InfraException e)
            {
                failures++;
                await Console.Error.WriteLineAsync(e.Message);
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
