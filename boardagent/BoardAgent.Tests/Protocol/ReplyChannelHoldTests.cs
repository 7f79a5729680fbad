using System.Text.Json.Nodes;
using HilHarness.BoardAgent.Protocol;
using HilHarness.SimKernel;
using NUnit.Framework;

namespace HilHarness.BoardAgent.Tests.Protocol;

[TestFixture]
public sealed class ReplyChannelHoldTests
{
    private static readonly byte[] Body = "{\"ok\":true,\"rc\":0}"u8.ToArray();

    [Test]
    [Description("Held progress lines are not written until the next reply, which writes them first and in step order.")]
    public void HeldLinesGoOutBeforeTheNextReplyInOrder()
    {
        var output = new StringWriter();
        var channel = new ReplyChannel(output, Timeout.InfiniteTimeSpan);
        channel.Progress(7, 0, Body, hold: true);
        channel.Progress(7, 1, Body, hold: true);
        Assert.That(output.ToString(), Is.Empty, "held lines wait");
        channel.Reply(7, "{\"ok\":true}"u8);
        var lines = Lines(output);
        Assert.That(lines, Has.Count.EqualTo(3));
        Assert.That(lines[0]["progress"]!["index"]!.GetValue<int>(), Is.EqualTo(0));
        Assert.That(lines[1]["progress"]!["index"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(lines[2]["ok"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    [Description("A progress line that is not held is written at once, as every line was before holding existed.")]
    public void UnheldLineIsWrittenAtOnce()
    {
        var output = new StringWriter();
        var channel = new ReplyChannel(output, Timeout.InfiniteTimeSpan);
        channel.Progress(7, 0, Body);
        Assert.That(Lines(output), Has.Count.EqualTo(1));
    }

    [Test]
    [Description("Flush writes every held line without any later line, as a simulated oops needs before the agent exits.")]
    public void FlushWritesHeldLines()
    {
        var output = new StringWriter();
        var channel = new ReplyChannel(output, Timeout.InfiniteTimeSpan);
        channel.Progress(7, 0, Body, hold: true);
        channel.Flush();
        Assert.That(Lines(output).Single()["progress"]!["index"]!.GetValue<int>(), Is.EqualTo(0));
    }

    [Test]
    [Description("Once HoldBytes are held they are written without waiting for a reply, whole lines only.")]
    public void HoldBytesWritesWithoutAReply()
    {
        var output = new StringWriter();
        var channel = new ReplyChannel(output, Timeout.InfiniteTimeSpan);
        int index = 0;
        while (output.ToString().Length == 0 && index < 10_000) channel.Progress(7, index++, Body, hold: true);
        var lines = Lines(output);
        Assert.That(output.ToString(), Does.EndWith("\n"));
        Assert.That(lines.Select(l => l["progress"]!["index"]!.GetValue<int>()), Is.EqualTo(Enumerable.Range(0, index)));
        Assert.That(output.ToString().Length, Is.GreaterThanOrEqualTo(ReplyChannel.HoldBytes));
    }

    [Test]
    [Description("A held line reaches the host by itself after the hold limit, so a step that hangs cannot keep earlier results back.")]
    public void HeldLineIsWrittenAfterTheHoldLimitWithoutALaterLine()
    {
        var output = new StringWriter();
        var channel = new ReplyChannel(output, TimeSpan.FromMilliseconds(1));
        channel.Progress(7, 0, Body, hold: true);
        // Polls for the timer's write; the bound only keeps a broken timer from hanging the suite.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (output.ToString().Length == 0 && DateTime.UtcNow < deadline) Thread.Sleep(5);
        channel.Flush();   // waits out a write the timer may still be in the middle of
        Assert.That(Lines(output), Has.Count.EqualTo(1));
    }

    [Test]
    [Description("A batch on a simulated kernel writes its progress lines together, far fewer writes than lines, and every one in step order before the batch's reply.")]
    public void SimulatedBatchWritesProgressTogetherAndBeforeItsReply()
    {
        using var kernel = SimulatedKernel.Create("rpi3-6.12");
        const int Steps = 20;
        var steps = string.Join(",", Enumerable.Repeat("{\"op\":\"open\",\"args\":{\"driver\":\"vc4\"}}", Steps));
        var output = new FlushCountingWriter();
        var loop = new AgentLoop(new AgentSession(kernel, kernel), new StringReader("{\"id\":3,\"op\":\"batch\",\"args\":{\"steps\":[" + steps + "]}}\n"), output);
        loop.Run();
        var lines = Lines(output);
        Assert.That(lines.Take(Steps).Select(l => l["progress"]!["index"]!.GetValue<int>()), Is.EqualTo(Enumerable.Range(0, Steps)));
        Assert.That(lines[Steps]["out"]!["completed"]!.GetValue<int>(), Is.EqualTo(Steps), "the reply comes last");
        Assert.That(output.Flushes, Is.LessThan(Steps), "progress lines were not written one by one");
    }

    /// <summary>Counts the writes a channel makes (each ends with a flush).</summary>
    private sealed class FlushCountingWriter : StringWriter
    {
        public int Flushes { get; private set; }

        public override void Flush()
        {
            Flushes++;
            base.Flush();
        }
    }

    private static List<JsonNode> Lines(StringWriter output) =>
        [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)];
}
