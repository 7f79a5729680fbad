using HilHarness.Inventory;
using HilHarness.Leases;
using HilHarness.Sessions;
using HilHarness.Transport;
using Spectre.Console;

namespace HilHarness.Cli.Commands;

/// <summary><c>hil boards [--check]</c>: one row per board; with --check, a short session on each (lease, hello).</summary>
internal static class BoardsCommand
{
    public static async Task<int> RunAsync(FileInfo rackFile, bool check, CancellationToken cancellationToken)
    {
        if (RackFile.TryLoad(rackFile, Console.Error) is not { } rack)
            return 1;
        var table = new Table().AddColumns("board", "kind", "driver", "kernel", "lease", "reachable", "runtime", "driver found", "kernel version");
        int failures = 0;
        var factory = new BoardSessionFactory(new SessionFactoryOptions { Purpose = "hil boards --check", Log = m => Console.Error.WriteLine(m) });
        foreach (var board in rack.Boards)
        {
            string lease = await LeaseAsync(board, cancellationToken);
            string reachable = "-", runtime = "-", driver = "-", version = "-";
            if (check)
            {
                try
                {
                    await using var session = await factory.OpenAsync(board, cancellationToken);
                    reachable = "yes";
                    runtime = ".NET 10";
                    driver = session.Hello.Driver(board.Driver) is { } d ? $"{d.Name} {d.Version}" : $"missing ({board.Driver})";
                    version = session.Hello.KernelRelease;
                }
                catch (InfraException e)
                {
                    failures++;
                    reachable = $"no: {e.Kind}";
                    Console.Error.WriteLine(e.Message);
                }
            }
            table.AddRow(Markup.Escape(board.Name), board.Kind, board.Driver, Markup.Escape(board.Kernel), Markup.Escape(lease),
                Markup.Escape(reachable), runtime, Markup.Escape(driver), Markup.Escape(version));
        }
        AnsiConsole.Write(table);
        return failures == 0 ? 0 : 1;
    }

    private static async Task<string> LeaseAsync(BoardRecord board, CancellationToken cancellationToken)
    {
        try
        {
            await using var transport = BoardTransports.For(board);
            var (holder, expired) = await BoardLease.InspectAsync(transport, cancellationToken);
            return holder is null ? "free" : $"{holder}{(expired ? " (expired)" : "")}";
        }
        catch (InfraException e)
        {
            return $"unknown ({e.Kind})";
        }
    }
}
