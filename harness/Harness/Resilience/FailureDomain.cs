namespace HilHarness.Resilience;

/// <summary>The operations that may be retried, one pipeline each. Driver calls, batches and assertions are not
/// here on purpose: retrying them would hide driver bugs.</summary>
public enum FailureDomain
{
    Connect,
    Deploy,
    AgentStart,
    Power,
}
