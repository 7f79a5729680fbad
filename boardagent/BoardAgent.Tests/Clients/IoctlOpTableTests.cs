using HilHarness.BoardAgent.Protocol;
using HilHarness.Uapi;
using NUnit.Framework;
using static HilHarness.BoardAgent.Tests.Protocol.InProcessAgent;
using FakeKernel = HilHarness.BoardAgent.Tests.Protocol.FakeKernel;

namespace HilHarness.BoardAgent.Tests.Clients;

[TestFixture]
public sealed class IoctlOpTableTests
{
    [Test]
    [Description("Every ioctl of the Uapi catalogue (24 drm, 15 vc4, 17 panthor) has exactly one op in the agent's table.")]
    public void EveryCatalogueIoctlHasAnOp()
    {
        var ops = AgentOps.Ioctls.Select(o => o.Name).ToList();
        Assert.That(ops, Is.EquivalentTo(IoctlCatalog.All.Select(d => d.Op)));
        Assert.That(IoctlCatalog.Family("drm").Count(), Is.EqualTo(24));
        Assert.That(IoctlCatalog.Family("vc4").Count(), Is.EqualTo(15));
        Assert.That(IoctlCatalog.Family("panthor").Count(), Is.EqualTo(17));
    }

    [Test]
    [Description("Every ioctl op with an fd the agent never opened answers unknown-fd (the no-device case on this machine).")]
    public void EveryIoctlOpRefusesUnknownFd()
    {
        var lines = IoctlCatalog.All.Select((d, i) => $"{{\"id\":{i},\"op\":\"{d.Op}\",\"args\":{{\"fd\":3}}}}").ToArray();
        var replies = Run(new FakeKernel(), lines);
        Assert.That(replies, Has.Count.EqualTo(lines.Length));
        Assert.That(replies.Select(Code), Is.All.EqualTo(ErrorCodes.UnknownFd));
    }

    [Test]
    [Description("Every ioctl op sent with only an fd reaches the kernel with the catalogue's request number and answers rc, errno and out.")]
    public void EveryIoctlOpReachesTheKernel()
    {
        var kernel = new FakeKernel("vc4") { OnIoctl = (_, _, _) => SyscallResult.Fail(Errno.ENOTTY) };
        var ops = IoctlCatalog.All.Where(d => d.Op != "drm.version").ToList();
        var lines = ops.Select((d, i) => $"{{\"id\":{i},\"op\":\"{d.Op}\",\"args\":{{\"fd\":3}}}}").ToArray();
        var replies = Run(kernel, ["{\"id\":-1,\"op\":\"open\",\"args\":{\"path\":\"/dev/dri/card0\"}}", .. lines]);
        Assert.That(replies.Skip(1).Select(r => r["errno_name"]?.GetValue<string>()), Is.All.EqualTo("ENOTTY"));
        Assert.That(replies.Skip(1).All(r => r["out"] is not null), Is.True);
        Assert.That(kernel.Calls.Select(c => c.Request), Is.EqualTo(ops.Select(d => d.Request)));
    }
}
