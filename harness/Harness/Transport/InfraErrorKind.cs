namespace HilHarness.Transport;

/// <summary>What part of the infrastructure failed; every kind maps to the InfraError outcome, never to a product
/// failure.</summary>
public enum InfraErrorKind
{
    /// <summary>The board could not be reached (connection refused, no route, DNS).</summary>
    Unreachable,
    /// <summary>The board's host key is unknown or changed: refused, never trusted silently.</summary>
    HostKey,
    /// <summary>Authentication failed (missing or wrong key).</summary>
    Authentication,
    /// <summary>A remote operation exceeded its timeout.</summary>
    Timeout,
    /// <summary>The agent could not be built, uploaded or verified, or the board lacks the runtime.</summary>
    Deploy,
    /// <summary>The agent would not start, answered nonsense, or spoke another protocol version.</summary>
    Agent,
    /// <summary>Another run holds the board's lease.</summary>
    Lease,
    /// <summary>A power command failed.</summary>
    Power,
    /// <summary>A remote command failed for another reason.</summary>
    Command,
}
