using HilHarness.Resilience;

namespace HilHarness.Sessions;

/// <summary>How <see cref="BoardSessionFactory"/> opens sessions.</summary>
public sealed record SessionFactoryOptions
{
    /// <summary>Said in the lease so a person who finds the board taken knows by what (e.g. "hil run nightly").</summary>
    public string Purpose { get; init; } = "hil";

    /// <summary>How long to wait for a board another run holds before giving up with its holder's name.</summary>
    public TimeSpan LeaseWait { get; init; } = TimeSpan.Zero;

    public TimeSpan LeasePoll { get; init; } = TimeSpan.FromSeconds(5);

    public SessionOptions Session { get; init; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public BoardPipelines? Pipelines { get; init; }

    /// <summary>Where lease breaks, recoveries and retries are reported.</summary>
    public Action<string> Log { get; init; } = message => Console.Error.WriteLine(message);
}
