using System.CommandLine;
using HilHarness.Cli.Commands;

namespace HilHarness.Cli;

/// <summary>Entry point of <c>hil</c>. Bad arguments exit 2 (as getopt tools do), so scripts can tell them from a
/// failed run.</summary>
public static class Program
{
    public const int UsageError = 2;

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    /// <summary>Runs <c>hil</c> with its output and errors going to the given writers (tests capture them).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = HilCommandLine.Build();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
                await error.WriteLineAsync($"hil: {parseError.Message}");
            await error.WriteLineAsync("Try 'hil --help'.");
            return UsageError;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
