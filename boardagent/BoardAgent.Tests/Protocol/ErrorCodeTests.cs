using HilHarness.BoardAgent.Protocol;
using NUnit.Framework;
using static HilHarness.BoardAgent.Tests.Protocol.InProcessAgent;

namespace HilHarness.BoardAgent.Tests.Protocol;

[TestFixture]
public sealed class ErrorCodeTests
{
    [TestCase("{\"id\":1,\"op\":", ErrorCodes.BadJson, null)]
    [TestCase("not json at all", ErrorCodes.BadJson, null)]
    [TestCase("[1,2,3]", ErrorCodes.BadJson, null)]
    [TestCase("{\"op\":\"ping\"}", ErrorCodes.BadRequest, null)]
    [TestCase("{\"id\":\"7\",\"op\":\"ping\"}", ErrorCodes.BadRequest, null)]
    [TestCase("{\"id\":1.5,\"op\":\"ping\"}", ErrorCodes.BadRequest, null)]
    [TestCase("{\"id\":7,\"op\":5}", ErrorCodes.BadRequest, 7L)]
    [TestCase("{\"id\":7,\"op\":\"ping\",\"args\":[]}", ErrorCodes.BadRequest, 7L)]
    [TestCase("{\"id\":7,\"op\":\"frobnicate\"}", ErrorCodes.UnknownOp, 7L)]
    [TestCase("{\"id\":7,\"op\":\"ping\",\"args\":{\"x\":1}}", ErrorCodes.BadArgs, 7L)]
    [TestCase("{\"id\":7,\"op\":\"vc4.create_bo\",\"args\":{\"fd\":42,\"size\":4096}}", ErrorCodes.UnknownFd, 7L)]
    [TestCase("{\"id\":7,\"op\":\"munmap\",\"args\":{\"map\":9}}", ErrorCodes.UnknownMap, 7L)]
    [TestCase("{\"id\":7,\"op\":\"open\",\"args\":{\"driver\":\"panthor\"}}", ErrorCodes.NoDevice, 7L)]
    [TestCase("{\"id\":7,\"op\":\"open\",\"args\":{\"path\":\"/etc/shadow\"}}", ErrorCodes.NotPermitted, 7L)]
    [TestCase("{\"id\":7,\"op\":\"open\",\"args\":{\"path\":\"/dev/dri/../../etc/shadow\"}}", ErrorCodes.NotPermitted, 7L)]
    [TestCase("{\"id\":7,\"op\":\"sim.advance\",\"args\":{\"ms\":5}}", ErrorCodes.NotSimulated, 7L)]
    [Description("Each bad request gets exactly one reply with the documented error code and the request's id (null when the id cannot be read).")]
    public void BadRequestGetsItsErrorCode(string line, string code, long? id)
    {
        var replies = Run(new FakeKernel(), line, "{\"id\":99,\"op\":\"ping\"}");
        Assert.That(replies, Has.Count.EqualTo(2), "one reply for the bad line, one for the ping after it");
        Assert.That(Code(replies[0]), Is.EqualTo(code));
        Assert.That(replies[0]["id"]?.GetValue<long>(), Is.EqualTo(id));
        Assert.That(replies[1]["ok"]!.GetValue<bool>(), Is.True, "the agent keeps serving after the bad line");
    }

    [Test]
    [Description("A line over --max-line is answered line-too-long with id null, and the next line is served normally.")]
    public void OversizedLineIsDiscardedToItsNewline()
    {
        string huge = "{\"id\":1,\"op\":\"ping\",\"args\":{\"pad\":\"" + new string('x', 5000) + "\"}}";
        var replies = Run(new FakeKernel(), huge + "\n{\"id\":2,\"op\":\"ping\"}\n", maxLine: 1024);
        Assert.That(replies, Has.Count.EqualTo(2));
        Assert.That(Code(replies[0]), Is.EqualTo(ErrorCodes.LineTooLong));
        Assert.That(replies[0]["id"], Is.Null);
        Assert.That(replies[1]["id"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    [Description("A last line cut off without its newline (a truncated stream) is answered bad-json, not dropped.")]
    public void TruncatedLastLineIsBadJson()
    {
        var replies = Run(new FakeKernel(), "{\"id\":1,\"op\":\"ping\"}\n{\"id\":2,\"op\":\"pi");
        Assert.That(replies.Select(Code), Is.EqualTo(new string?[] { null, ErrorCodes.BadJson }));
    }

    [TestCase("{\"fd\":3,\"size\":-1}", "size")]
    [TestCase("{\"fd\":3,\"size\":4294967296}", "size")]
    [TestCase("{\"fd\":3,\"size\":\"4096\"}", "size")]
    [TestCase("{\"fd\":3,\"size\":1.5}", "size")]
    [TestCase("{\"fd\":3,\"sise\":4096}", "sise")]
    [TestCase("{\"size\":4096}", "fd")]
    [Description("Wrong types, values out of range for the C type, unknown and missing fields are bad-args naming the field.")]
    public void BadIoctlArgsNameTheField(string args, string field)
    {
        var kernel = new FakeKernel("vc4");
        var replies = Run(kernel, "{\"id\":1,\"op\":\"open\",\"args\":{\"driver\":\"vc4\"}}",
            "{\"id\":2,\"op\":\"vc4.create_bo\",\"args\":" + args.Replace("\"fd\":3", "\"fd\":" + 5, StringComparison.Ordinal) + "}");
        Assert.That(replies[0]["out"]!["fd"]!.GetValue<int>(), Is.EqualTo(5), "discovery used fds 3 and 4");
        Assert.That(Code(replies[1]), Is.EqualTo(ErrorCodes.BadArgs));
        Assert.That(replies[1]["error"]!["message"]!.GetValue<string>(), Does.Contain("args." + field));
        Assert.That(kernel.Calls, Is.Empty, "a refused request never reaches the kernel");
    }

    [Test]
    [Description("An exception inside an op is answered internal with its type and message, and the agent keeps serving.")]
    public void OpThatThrowsIsInternalError()
    {
        var kernel = new FakeKernel("vc4") { OnIoctl = (_, _, _) => throw new InvalidOperationException("boom") };
        var replies = Run(kernel, "{\"id\":1,\"op\":\"open\",\"args\":{\"driver\":\"vc4\"}}",
            "{\"id\":2,\"op\":\"vc4.create_bo\",\"args\":{\"fd\":5,\"size\":1}}", "{\"id\":3,\"op\":\"ping\"}");
        Assert.That(Code(replies[1]), Is.EqualTo(ErrorCodes.Internal));
        Assert.That(replies[1]["error"]!["message"]!.GetValue<string>(), Does.Contain("boom"));
        Assert.That(replies[2]["ok"]!.GetValue<bool>(), Is.True);
    }
}
