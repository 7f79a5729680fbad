namespace HilHarness.Sessions;

/// <summary>Timeouts of a board session. Every wait on the agent has one, so no test can hang the runner.</summary>
public sealed record SessionOptions
{
    /// <summary>From process start to the hello reply (a cold .NET start on a Pi 3 takes a few seconds).</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>For a single request outside a batch.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest silence between two progress lines of a batch (a hung ioctl).</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After stdout closes, how long to wait for the exit code before killing.</summary>
    public TimeSpan ExitGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>For the kernel-log probe that decides whether an agent death was a kernel crash.</summary>
    public TimeSpan CrashProbeTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
