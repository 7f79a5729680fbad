using HilHarness.BoardAgent.Clients;
using HilHarness.BoardAgent.Ops;
using HilHarness.BoardAgent.Session;

namespace HilHarness.BoardAgent.Protocol;

/// <summary>Assembles the op table from every op group: session, the three ioctl clients, observe, batch, race,
/// sim. The ioctl rows come from the clients' tables, so an ioctl op exists exactly when its client has a row.</summary>
public static class AgentOps
{
    private static readonly Lazy<IReadOnlyList<IoctlOp>> IoctlOps =
        new(() => [.. DrmClient.Ops, .. Vc4Client.Ops, .. PanthorClient.Ops]);

    /// <summary>Every ioctl op of the three clients.</summary>
    public static IReadOnlyList<IoctlOp> Ioctls => IoctlOps.Value;

    public static OpTable CreateTable()
    {
        var table = new OpTable();
        SessionOps.Register(table);
        foreach (var op in Ioctls) table.Add(op.Name, IoctlRunner.HandlerFor(op));
        ObserveOps.Register(table);
        BatchOp.Register(table);
        RaceOp.Register(table);
        SimOps.Register(table);
        return table;
    }
}
