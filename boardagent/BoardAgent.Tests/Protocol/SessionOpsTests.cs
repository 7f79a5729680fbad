using HilHarness.BoardAgent.Protocol;
using HilHarness.Uapi;
using NUnit.Framework;
using static HilHarness.BoardAgent.Tests.Protocol.InProcessAgent;

namespace HilHarness.BoardAgent.Tests.Protocol;

[TestFixture]
public sealed class SessionOpsTests
{
    [Test]
    [Description("hello reports protocol 1, the kernel's uname, this process's ABI and each card's VERSION as a driver.")]
    public void HelloReportsUnameArchAndDrivers()
    {
        var hello = One(new FakeKernel("vc4"), "{\"id\":1,\"op\":\"hello\"}")["out"]!;
        Assert.That(hello["protocol"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(hello["uname"]!["release"]!.GetValue<string>(), Is.EqualTo("6.12.0-fake"));
        Assert.That(hello["arch"]!.GetValue<string>(), Is.EqualTo(AbiFacts.Name(AbiFacts.Current)));
        var driver = hello["drivers"]![0]!;
        Assert.That(driver["name"]!.GetValue<string>(), Is.EqualTo("vc4"));
        Assert.That(driver["card"]!.GetValue<string>(), Is.EqualTo("/dev/dri/card0"));
        Assert.That(driver["render"]!.GetValue<string>(), Is.EqualTo("/dev/dri/renderD128"));
        Assert.That(driver["version"]!.GetValue<string>(), Is.EqualTo("1.2.3"));
        Assert.That(driver["desc"]!.GetValue<string>(), Is.EqualTo("vc4 fake"));
    }

    [Test]
    [Description("Without /dev/dri hello answers an empty driver list, and open by driver is no-device.")]
    public void NoDriDirectoryMeansNoDrivers()
    {
        var replies = Run(new FakeKernel(), "{\"id\":1,\"op\":\"hello\"}", "{\"id\":2,\"op\":\"open\",\"args\":{\"driver\":\"vc4\"}}");
        Assert.That(replies[0]["out"]!["drivers"]!.AsArray(), Is.Empty);
        Assert.That(Code(replies[1]), Is.EqualTo(ErrorCodes.NoDevice));
    }

    [Test]
    [Description("open of a missing node answers ok with rc -1 ENOENT (a failed open(2) is a result, not an error).")]
    public void OpenOfMissingNodeIsEnoent()
    {
        var reply = One(new FakeKernel(), "{\"id\":1,\"op\":\"open\",\"args\":{\"path\":\"/dev/dri/card9\"}}");
        Assert.That(reply["ok"]!.GetValue<bool>(), Is.True);
        Assert.That(reply["rc"]!.GetValue<long>(), Is.EqualTo(-1));
        Assert.That(reply["errno_name"]!.GetValue<string>(), Is.EqualTo("ENOENT"));
    }

    [Test]
    [Description("close forgets the fd: a second close of it is unknown-fd.")]
    public void ClosedFdIsUnknown()
    {
        var replies = Run(new FakeKernel("vc4"), "{\"id\":1,\"op\":\"open\",\"args\":{\"path\":\"/dev/dri/card0\"}}",
            "{\"id\":2,\"op\":\"close\",\"args\":{\"fd\":3}}", "{\"id\":3,\"op\":\"close\",\"args\":{\"fd\":3}}");
        Assert.That(replies[1]["rc"]!.GetValue<long>(), Is.EqualTo(0));
        Assert.That(Code(replies[2]), Is.EqualTo(ErrorCodes.UnknownFd));
    }

    [Test]
    [Description("map.write then map.read round-trips bytes through a mapping; reads past its end are refused.")]
    public void MappingRoundTripsAndBoundsAreChecked()
    {
        var replies = Run(new FakeKernel("vc4"), "{\"id\":1,\"op\":\"open\",\"args\":{\"path\":\"/dev/dri/card0\"}}",
            "{\"id\":2,\"op\":\"mmap\",\"args\":{\"fd\":3,\"offset\":65536,\"length\":4096}}",
            "{\"id\":3,\"op\":\"map.write\",\"args\":{\"map\":1,\"offset\":8,\"data\":\"AQID\"}}",
            "{\"id\":4,\"op\":\"map.read\",\"args\":{\"map\":1,\"offset\":8,\"length\":3}}",
            "{\"id\":5,\"op\":\"map.read\",\"args\":{\"map\":1,\"offset\":4095,\"length\":2}}",
            "{\"id\":6,\"op\":\"munmap\",\"args\":{\"map\":1}}",
            "{\"id\":7,\"op\":\"munmap\",\"args\":{\"map\":1}}");
        Assert.That(replies[1]["out"]!["map"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(replies[3]["out"]!["data"]!.GetValue<string>(), Is.EqualTo("AQID"));
        Assert.That(Code(replies[4]), Is.EqualTo(ErrorCodes.BadArgs));
        Assert.That(replies[5]["rc"]!.GetValue<long>(), Is.EqualTo(0));
        Assert.That(Code(replies[6]), Is.EqualTo(ErrorCodes.UnknownMap));
    }

    [Test]
    [Description("bye answers and ends the loop: lines after it are not served.")]
    public void ByeEndsTheLoop()
    {
        var replies = Run(new FakeKernel(), "{\"id\":1,\"op\":\"bye\"}", "{\"id\":2,\"op\":\"ping\"}");
        Assert.That(replies.Select(r => r["id"]!.GetValue<long>()), Is.EqualTo(new long[] { 1 }));
    }
}
