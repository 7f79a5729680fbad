namespace HilHarness.Inventory;

/// <summary>
/// The board kinds the harness knows how to reach. An open set validated in this one place: a lane that adds a
/// kind (e.g. <c>qemu</c>) registers it here and provides its transport in <c>BoardTransports</c>.
/// </summary>
public static class BoardKinds
{
    public const string Ssh = "ssh";
    public const string Local = "local";

    /// <summary>A QEMU guest running a real kernel's DRM drivers (vgem, virtio-gpu), booted by the harness.</summary>
    public const string Qemu = "qemu";

    private static readonly HashSet<string> Known = [Ssh, Local, Qemu];
    private static readonly Lock Gate = new();

    public static IReadOnlyList<string> All
    {
        get
        {
            lock (Gate)
                return [.. Known.Order(StringComparer.Ordinal)];
        }
    }

    public static bool IsKnown(string kind)
    {
        lock (Gate)
            return Known.Contains(kind);
    }

    /// <summary>Adds a kind; idempotent.</summary>
    public static void Register(string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        lock (Gate)
            Known.Add(kind);
    }
}
