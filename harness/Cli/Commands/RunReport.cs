using System.Globalization;
using HilHarness.Results;
using HilHarness.Suites;
using HilHarness.Verdicts;
using Spectre.Console;

namespace HilHarness.Cli.Commands;

/// <summary>What <c>hil run</c> prints at the end: the board × suite table, then every kernel failure with its
/// per-step table and kernel log, then the infrastructure errors (each distinct reason once).</summary>
internal static class RunReport
{
    public static void Write(TextWriter output, RunPlan plan, IReadOnlyList<CaseResult> results)
    {
        var console = ConsoleFor(output);
        var table = new Table().AddColumns("board", "suite", "passed", "failed", "infra", "not applicable", "time");
        foreach (var column in table.Columns.Skip(2)) column.RightAligned();
        foreach (var row in Ordered(plan, SuiteTally.Of(results)))
        {
            table.AddRow(Markup.Escape(row.Board), Markup.Escape(row.Suite), Count(row.Passed, "green"), Count(row.Failed, "red"),
                Count(row.Infra, "yellow"), Count(row.NotApplicable, "grey"), Seconds(row.Time));
        }
        console.Write(table);

        foreach (var failure in results.Where(r => r.Outcome is Outcome.ProductFail or Outcome.KernelHealth))
        {
            output.WriteLine();
            output.WriteLine($"FAILED {failure.Board} {failure.Suite}/{failure.Case}: {failure.Outcome}: {failure.Reason}");
            if (failure.Diff is { } diff) output.Write(diff.EndsWith('\n') ? diff : diff + "\n");
            if (failure.KernelLog is { } log) output.WriteLine($"kernel log:\n{log}");
        }
        var infra = results.Where(r => r.Outcome == Outcome.InfraError).GroupBy(r => (r.Board, r.Reason)).ToList();
        if (infra.Count > 0) output.WriteLine();
        foreach (var group in infra)
        {
            var cases = group.Select(r => $"{r.Suite}/{r.Case}").ToList();
            output.WriteLine($"INFRA {group.Key.Board} ({(cases.Count == 1 ? cases[0] : $"{cases.Count} cases")}): {group.Key.Reason}");
        }
    }

    /// <summary>Rows in rack order, then suite catalog order: the run's boards finish in any order.</summary>
    private static IEnumerable<SuiteTally> Ordered(RunPlan plan, IReadOnlyList<SuiteTally> rows)
    {
        int BoardIndex(string board) => plan.Rack.Boards.Select(b => b.Name).ToList() is var names && names.IndexOf(board) is >= 0 and var i ? i : int.MaxValue;
        int SuiteIndex(string suite) => SuiteCatalog.Names.ToList().IndexOf(suite) is >= 0 and var i ? i : int.MaxValue;
        return rows.OrderBy(r => BoardIndex(r.Board)).ThenBy(r => r.Board, StringComparer.Ordinal).ThenBy(r => SuiteIndex(r.Suite));
    }

    /// <summary>Colour only on a terminal; a redirected summary (CI logs, files) is plain text at least 100 columns
    /// wide, so the table never wraps its headers.</summary>
    private static IAnsiConsole ConsoleFor(TextWriter output)
    {
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal) console.Profile.Width = Math.Max(console.Profile.Width, 100);
        return console;
    }

    private static string Count(int count, string colour) => count == 0 ? "0" : $"[{colour}]{count}[/]";

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
