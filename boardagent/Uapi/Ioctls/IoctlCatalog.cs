namespace HilHarness.Uapi;

/// <summary>Every ioctl HilHarness knows, looked up by protocol op, by UAPI name or by request number.</summary>
public static class IoctlCatalog
{
    public static IReadOnlyList<IoctlDefinition> All { get; } =
        [.. DrmIoctls.All, .. Vc4Ioctls.All, .. PanthorIoctls.All];

    private static readonly Dictionary<string, IoctlDefinition> ByOpName = All.ToDictionary(d => d.Op, StringComparer.Ordinal);

    /// <summary>The ioctl for a protocol op such as <c>vc4.create_bo</c>, or null.</summary>
    public static IoctlDefinition? FindOp(string op) => ByOpName.GetValueOrDefault(op);

    /// <summary>The ioctls of one family: "drm", "vc4" or "panthor".</summary>
    public static IEnumerable<IoctlDefinition> Family(string family) =>
        All.Where(d => d.Op.StartsWith(family + ".", StringComparison.Ordinal));
}
