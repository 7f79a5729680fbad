namespace HilHarness.Leases;

/// <summary>Who asks for a lease: a description a person recognises (user@host and what is running), the host,
/// the pid, and a token that tells this acquisition apart from every other.</summary>
public sealed record LeaseOwner(string Owner, string Host, int Pid, string Token)
{
    public static LeaseOwner ForThisProcess(string purpose) => new(
        $"{Environment.UserName}@{Environment.MachineName} {purpose}".Trim(),
        Environment.MachineName,
        Environment.ProcessId,
        Guid.NewGuid().ToString("N"));
}
