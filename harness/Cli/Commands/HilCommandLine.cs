using System.CommandLine;

namespace HilHarness.Cli.Commands;

/// <summary>The <c>hil</c> command tree.</summary>
public static class HilCommandLine
{
    public static RootCommand Build()
    {
        var rack = new Option<FileInfo>("--rack") { Description = "The rack file", DefaultValueFactory = _ => new FileInfo("boards.json") };
        var check = new Option<bool>("--check") { Description = "Connect to each board: reachability, runtime, driver, kernel version" };
        var boards = new Command("boards", "List the rack's boards and who holds their leases") { rack, check };
        boards.SetAction((result, cancellationToken) => BoardsCommand.RunAsync(result.GetValue(rack)!, result.GetValue(check), cancellationToken));

        var deployRack = new Option<FileInfo>("--rack") { Description = "The rack file", DefaultValueFactory = _ => new FileInfo("boards.json") };
        var board = new Option<string?>("--board") { Description = "Only this board (default: every board)" };
        var deploy = new Command("deploy", "Put the agent on boards (uploads only when the board lacks this build)") { deployRack, board };
        deploy.SetAction((result, cancellationToken) => AgentDeployCommand.RunAsync(result.GetValue(deployRack)!, result.GetValue(board), cancellationToken));
        var agent = new Command("agent", "Manage the board agent") { deploy };

        return new RootCommand("hil: hardware-in-the-loop tests for vc4 and panthor") { boards, agent };
    }
}
