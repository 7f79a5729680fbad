namespace HilHarness.Resilience;

/// <summary>The limits of one failure domain's pipeline.</summary>
public sealed record DomainPolicy(TimeSpan Total, int Retries, TimeSpan RetryDelay, TimeSpan Attempt, int BreakAfterFailures, TimeSpan BreakFor)
{
    /// <summary>Defaults sized for a lab rack: a board that is rebooting gets ~1 min to come back over ssh.</summary>
    public static DomainPolicy DefaultFor(FailureDomain domain) => domain switch
    {
        FailureDomain.Connect => new(TimeSpan.FromSeconds(90), 4, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20), 3, TimeSpan.FromMinutes(2)),
        FailureDomain.Deploy => new(TimeSpan.FromMinutes(5), 2, TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(3), 3, TimeSpan.FromMinutes(5)),
        FailureDomain.AgentStart => new(TimeSpan.FromSeconds(90), 2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(40), 3, TimeSpan.FromMinutes(2)),
        FailureDomain.Power => new(TimeSpan.FromMinutes(2), 2, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 3, TimeSpan.FromMinutes(10)),
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain, "no policy for this failure domain"),
    };
}
