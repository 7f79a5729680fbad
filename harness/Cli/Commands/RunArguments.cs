namespace HilHarness.Cli.Commands;

/// <summary>What <c>hil run</c> was asked on its command line, before it is checked against the rack and the suites.</summary>
public sealed record RunArguments
{
    public required FileInfo Rack { get; init; }
    public IReadOnlyList<string> Boards { get; init; } = [];
    public IReadOnlyList<string> Suites { get; init; } = [];
    public required DirectoryInfo Results { get; init; }
    public string? Resume { get; init; }
    public int Seed { get; init; } = 1;
    public int ModelBasedSteps { get; init; } = 1000;
}
