namespace HilHarness.Transport;

/// <summary>
/// A transport whose board exists only while the harness runs it (a QEMU guest): powering on boots it, disposing
/// the transport powers it off. <c>BoardSessionFactory</c> powers it on before the lease and deploy, outside their
/// per-attempt timeouts, because a boot under TCG takes longer than one connect attempt may.
/// </summary>
public interface ISelfPoweredTransport : IBoardTransport
{
    /// <summary>Boots the board and waits until it can be reached; idempotent. Other calls power on implicitly.</summary>
    Task PowerOnAsync(CancellationToken cancellationToken);
}
