using HilHarness.Cli.Commands;

namespace HilHarness.Cli;

/// <summary>Entry point of <c>hil</c>. Bad arguments exit 2 (as getopt tools do), so scripts can tell them from a
/// failed run.</summary>
public static class Program
{
    public const int UsageError = 2;

    public static async Task<int> Main(string[] args)
    {
        var root = HilCommandLine.Build();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                await Console.Error.WriteLineAsync($"hil: {error.Message}");
            await Console.Error.WriteLineAsync("Try 'hil --help'.");
            return UsageError;
        }
        return await parsed.InvokeAsync();
    }
}
