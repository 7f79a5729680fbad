using System.CommandLine;
using HilHarness.Suites;

namespace HilHarness.Cli.Commands;

/// <summary>The <c>hil</c> command tree.</summary>
public static class HilCommandLine
{
    public static RootCommand Build()
    {
        var rack = new Option<FileInfo>("--rack") { Description = "The rack file (default: boards.json in this directory or the nearest one above)", DefaultValueFactory = _ => RackFile.Default() };
        var check = new Option<bool>("--check") { Description = "Connect to each board: reachability, runtime, driver, kernel version" };
        var boards = new Command("boards", "List the rack's boards and who holds their leases") { rack, check };
        boards.SetAction((result, cancellationToken) => BoardsCommand.RunAsync(result.GetValue(rack)!, result.GetValue(check), cancellationToken));

        var deployRack = new Option<FileInfo>("--rack") { Description = "The rack file (default: boards.json in this directory or the nearest one above)", DefaultValueFactory = _ => RackFile.Default() };
        var board = new Option<string?>("--board") { Description = "Only this board (default: every board)" };
        var deploy = new Command("deploy", "Put the agent on boards (uploads only when the board lacks this build)") { deployRack, board };
        deploy.SetAction((result, cancellationToken) => AgentDeployCommand.RunAsync(result.GetValue(deployRack)!, result.GetValue(board), cancellationToken));
        var agent = new Command("agent", "Manage the board agent") { deploy };

        return new RootCommand("hil: hardware-in-the-loop tests for vc4 and panthor") { boards, agent, Run() };
    }

    private static Command Run()
    {
        var rack = new Option<FileInfo>("--rack") { Description = "The rack file (default: boards.json in this directory or the nearest one above)", DefaultValueFactory = _ => RackFile.Default() };
        var boards = new Option<string[]>("--board") { Description = "Only this board (repeatable; default: every board)", Arity = ArgumentArity.OneOrMore };
        var suites = new Option<string[]>("--suite") { Description = $"Only this suite (repeatable; default: all): {string.Join(", ", SuiteCatalog.Names)}", Arity = ArgumentArity.OneOrMore };
        var results = new Option<DirectoryInfo>("--results") { Description = "Where results/<run-id>/results.jsonl goes (default: the checkout's results/)", DefaultValueFactory = _ => RunCommand.DefaultResults() };
        var resume = new Option<string?>("--resume") { Description = "Continue this run: skip the cases its results already hold" };
        var seed = new Option<int>("--seed") { Description = "First seed of the model-based suite", DefaultValueFactory = _ => 1 };
        var steps = new Option<int>("--mbt-steps") { Description = "Generated steps per board in the model-based suite", DefaultValueFactory = _ => 1000 };
        var run = new Command("run", "Run the suites on the rack, print board x suite results and every failure's per-step diff; exit 0 passed, 1 kernel failure, 2 infrastructure only")
        {
            rack, boards, suites, results, resume, seed, steps,
        };
        run.SetAction((result, cancellationToken) => RunCommand.RunAsync(new RunArguments
        {
            Rack = result.GetValue(rack)!,
            Boards = result.GetValue(boards) ?? [],
            Suites = result.GetValue(suites) ?? [],
            Results = result.GetValue(results)!,
            Resume = result.GetValue(resume),
            Seed = result.GetValue(seed),
            ModelBasedSteps = result.GetValue(steps),
        }, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return run;
    }
}
