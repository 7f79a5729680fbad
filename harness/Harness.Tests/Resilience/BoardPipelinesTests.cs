using HilHarness.Resilience;
using HilHarness.Transport;
using NUnit.Framework;

namespace HilHarness.Tests.Resilience;

public sealed class BoardPipelinesTests
{
    private static readonly DomainPolicy Policy = new(TimeSpan.FromMinutes(10), Retries: 2, RetryDelay: TimeSpan.Zero, Attempt: TimeSpan.FromMinutes(5), BreakAfterFailures: 3, BreakFor: TimeSpan.FromMinutes(2));

    [Test]
    [Description("A transient failure (unreachable) is retried until it succeeds within the retry budget.")]
    public async Task TransientFailureIsRetried()
    {
        var pipelines = new BoardPipelines(new ManualTimeProvider(), _ => Policy);
        int attempts = 0;
        int result = await pipelines.ExecuteAsync(FailureDomain.Connect, "b", _ => ++attempts < 3 ? throw new InfraException("b", InfraErrorKind.Unreachable, "down") : ValueTask.FromResult(attempts), CancellationToken.None);
        Assert.That(result, Is.EqualTo(3));
    }

    [Test]
    [Description("A host-key refusal is not retried: retrying cannot fix it and would hide it.")]
    public void HostKeyRefusalIsNotRetried()
    {
        var pipelines = new BoardPipelines(new ManualTimeProvider(), _ => Policy);
        int attempts = 0;
        Assert.ThrowsAsync<InfraException>(() => pipelines.ExecuteAsync<int>(FailureDomain.Connect, "b", _ => { attempts++; throw new InfraException("b", InfraErrorKind.HostKey, "changed"); }, CancellationToken.None));
        Assert.That(attempts, Is.EqualTo(1));
    }

    [Test]
    [Description("After repeated failures one board's circuit opens (calls refused without trying, naming the failure that opened it) while another board's pipeline still runs.")]
    public async Task CircuitOpensPerBoard()
    {
        var pipelines = new BoardPipelines(new ManualTimeProvider(), _ => Policy with { Retries = 0 });
        for (int i = 0; i < 3; i++)
            Assert.ThrowsAsync<InfraException>(() => pipelines.ExecuteAsync<int>(FailureDomain.Deploy, "dead", _ => throw new InfraException("dead", InfraErrorKind.Unreachable, "down"), CancellationToken.None));
        int tried = 0;
        var open = Assert.ThrowsAsync<InfraException>(() => pipelines.ExecuteAsync(FailureDomain.Deploy, "dead", _ => ValueTask.FromResult(++tried), CancellationToken.None));
        Assert.That((tried, open!.Message), Is.EqualTo((0, "dead: Deploy: not tried, the board failed 3 times in a row (circuit open for 120 s); last failure: dead: down")));
        Assert.That(await pipelines.ExecuteAsync(FailureDomain.Deploy, "alive", _ => ValueTask.FromResult(7), CancellationToken.None), Is.EqualTo(7));
    }

    [Test]
    [Description("An attempt that hangs is cut by the attempt timeout on the fake clock and reported as an InfraError timeout.")]
    public async Task HangingAttemptTimesOutOnFakeClock()
    {
        var time = new ManualTimeProvider();
        var pipelines = new BoardPipelines(time, _ => Policy with { Retries = 0, Attempt = TimeSpan.FromSeconds(30) });
        var started = new TaskCompletionSource();
        var run = pipelines.ExecuteAsync(FailureDomain.AgentStart, "b", async ct => { started.SetResult(); await Task.Delay(Timeout.Infinite, ct); return 0; }, CancellationToken.None);
        await started.Task;
        time.Advance(TimeSpan.FromSeconds(31));
        var error = Assert.ThrowsAsync<InfraException>(() => run);
        Assert.That(error!.Kind, Is.EqualTo(InfraErrorKind.Timeout));
    }
}
