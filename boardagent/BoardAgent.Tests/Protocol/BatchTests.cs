using HilHarness.BoardAgent.Protocol;
using NUnit.Framework;
using static HilHarness.BoardAgent.Tests.Protocol.InProcessAgent;

namespace HilHarness.BoardAgent.Tests.Protocol;

[TestFixture]
public sealed class BatchTests
{
    private const string Open = "{\"op\":\"open\",\"args\":{\"path\":\"/dev/dri/card0\"}}";

    [Test]
    [Description("A batch writes one progress line per step in order, resolves $ref to an earlier step's out, then one final reply.")]
    public void ProgressLinesAndRefs()
    {
        var kernel = new FakeKernel("vc4");
        var replies = Run(kernel, "{\"id\":9,\"op\":\"batch\",\"args\":{\"steps\":[" + Open +
            ",{\"op\":\"vc4.create_bo\",\"args\":{\"fd\":{\"$ref\":\"0.fd\"},\"size\":4096}}]}}");
        Assert.That(replies, Has.Count.EqualTo(3));
        Assert.That(replies[0]["progress"]!["index"]!.GetValue<int>(), Is.EqualTo(0));
        Assert.That(replies[1]["progress"]!["result"]!["rc"]!.GetValue<long>(), Is.EqualTo(0));
        Assert.That(kernel.Calls.Single().Fd, Is.EqualTo(3), "the $ref named step 0's fd");
        Assert.That(replies[2]["out"]!["completed"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(replies.All(r => r["id"]!.GetValue<long>() == 9), Is.True);
    }

    [Test]
    [Description("stop_on_error stops at the first step whose ioctl returned -1 and says it stopped early.")]
    public void StopOnErrorStopsAtFailedIoctl()
    {
        var kernel = new FakeKernel("vc4") { OnIoctl = (_, _, _) => global::HilHarness.Uapi.SyscallResult.Fail(global::HilHarness.Uapi.Errno.EINVAL) };
        var replies = Run(kernel, "{\"id\":9,\"op\":\"batch\",\"args\":{\"stop_on_error\":true,\"steps\":[" + Open +
            ",{\"op\":\"vc4.create_bo\",\"args\":{\"fd\":3}},{\"op\":\"ping\"}]}}");
        Assert.That(replies, Has.Count.EqualTo(3));
        Assert.That(replies[1]["progress"]!["result"]!["errno_name"]!.GetValue<string>(), Is.EqualTo("EINVAL"));
        Assert.That(replies[2]["out"]!["stopped_early"]!.GetValue<bool>(), Is.True);
        Assert.That(replies[2]["out"]!["completed"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    [Description("A $ref to a step that has not run is a bad-args result for that step only; the batch continues.")]
    public void ForwardRefIsStepError()
    {
        var replies = Run(new FakeKernel("vc4"), "{\"id\":9,\"op\":\"batch\",\"args\":{\"steps\":[" +
            "{\"op\":\"close\",\"args\":{\"fd\":{\"$ref\":\"1.fd\"}}}," + Open + "]}}");
        Assert.That(Code(replies[0]["progress"]!["result"]!.AsObject()), Is.EqualTo(ErrorCodes.BadArgs));
        Assert.That(replies[1]["progress"]!["result"]!["rc"]!.GetValue<long>(), Is.EqualTo(3));
    }

    [Test]
    [Description("hello, bye and batch cannot be batch steps; the whole batch is refused before any step runs.")]
    public void ForbiddenStepRefusesBatch()
    {
        var replies = Run(new FakeKernel(), "{\"id\":9,\"op\":\"batch\",\"args\":{\"steps\":[{\"op\":\"ping\"},{\"op\":\"bye\"}]}}");
        Assert.That(replies, Has.Count.EqualTo(1));
        Assert.That(Code(replies[0]), Is.EqualTo(ErrorCodes.BadArgs));
    }

    [Test]
    [Description("observe_after_each adds each step's observations, unavailable sources answering with a reason.")]
    public void ObserveAfterEachStep()
    {
        var replies = Run(new FakeKernel(), "{\"id\":9,\"op\":\"batch\",\"args\":{\"observe_after_each\":[\"taint\"],\"steps\":[{\"op\":\"ping\"}]}}");
        var taint = replies[0]["progress"]!["result"]!["observe"]!["taint"]!;
        Assert.That(taint["unavailable"]!.GetValue<string>(), Does.Contain("/proc/sys/kernel/tainted"));
    }

    [Test]
    [Description("race runs each step on its own thread and returns the results in step order.")]
    public void RaceReturnsResultsInOrder()
    {
        var reply = One(new FakeKernel(), "{\"id\":1,\"op\":\"race\",\"args\":{\"seed\":7,\"steps\":[{\"op\":\"ping\"},{\"op\":\"nosuch\"}]}}");
        var results = reply["out"]!["results"]!.AsArray();
        Assert.That(results[0]!["ok"]!.GetValue<bool>(), Is.True);
        Assert.That(results[1]!["error"]!["code"]!.GetValue<string>(), Is.EqualTo(ErrorCodes.UnknownOp));
    }
}
