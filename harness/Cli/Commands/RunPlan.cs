using HilHarness.Inventory;
using HilHarness.Results;
using HilHarness.Suites;

namespace HilHarness.Cli.Commands;

/// <summary>
/// <c>hil run</c>'s arguments checked against the rack and the suite catalog: which boards (rack order), which suites
/// (catalog order). Every refusal names the argument it is about, because a usage error (exit 2) must say what to fix.
/// </summary>
public sealed record RunPlan(Rack Rack, IReadOnlyList<BoardRecord> Boards, IReadOnlyList<string> Suites)
{
    /// <summary>The plan, or the message that refuses the arguments.</summary>
    public static (RunPlan? Plan, string? Error) Resolve(RunArguments arguments)
    {
        var rackFile = arguments.Rack;
        if (!rackFile.Exists)
            return (null, $"--rack {rackFile.FullName}: no such rack file" + (arguments.Rack.Name == RackFile.DefaultName ? " (none in this directory or any above it)" : ""));
        Rack rack;
        try
        {
            rack = RackLoader.Load(rackFile.FullName);
        }
        catch (InventoryException e)
        {
            return (null, $"--rack {rackFile.FullName}: not a valid rack:\n{e.Message}");
        }
        foreach (string name in arguments.Boards)
        {
            try
            {
                rack.Board(name);
            }
            catch (KeyNotFoundException e)
            {
                return (null, $"--board {name}: {e.Message}");
            }
        }
        foreach (string suite in arguments.Suites.Where(s => !SuiteCatalog.Names.Contains(s)))
        {
            string? near = EditDistance.Suggest(suite, SuiteCatalog.Names);
            return (null, $"--suite {suite}: no such suite{(near is null ? "" : $" (did you mean \"{near}\"?)")}; suites: {string.Join(", ", SuiteCatalog.Names)}");
        }
        if (arguments.Resume is { } runId && RunIds.Problem(runId) is { } problem)
            return (null, $"--resume {runId}: {problem}");
        if (arguments.ModelBasedSteps < 1)
            return (null, $"--mbt-steps {arguments.ModelBasedSteps}: must be at least 1");
        var boards = arguments.Boards.Count == 0 ? rack.Boards : [.. rack.Boards.Where(b => arguments.Boards.Contains(b.Name))];
        var suites = arguments.Suites.Count == 0 ? SuiteCatalog.Names : [.. SuiteCatalog.Names.Where(arguments.Suites.Contains)];
        return (new RunPlan(rack, boards, suites), null);
    }
}
