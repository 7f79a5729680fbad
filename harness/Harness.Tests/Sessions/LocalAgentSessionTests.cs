using System.Text.Json.Nodes;
using HilHarness.Agent;
using HilHarness.Deploy;
using HilHarness.Sessions;
using HilHarness.Transport;
using NUnit.Framework;

namespace HilHarness.Tests.Sessions;

/// <summary>The real agent on a simulated kernel, started through the local transport exactly as a local board is.</summary>
public sealed class LocalAgentSessionTests
{
    private string _home = "";

    [SetUp]
    public void CreateHome() => _home = Directory.CreateTempSubdirectory("hil-session-").FullName;

    [TearDown]
    public void RemoveHome() => Directory.Delete(_home, recursive: true);

    private static string AgentDll() =>
        Path.Combine(AgentLocator.FindBuildOutput() ?? throw new InvalidOperationException("the BoardAgent build output is missing beside the tests"), AgentPackage.EntryAssembly);

    private async Task<(BoardSession Session, CapturingTransport Transport)> StartAsync(SessionOptions? options = null)
    {
        var transport = new CapturingTransport(new LocalTransport("rpi3-sim", _home));
        var launch = new AgentLaunch("dotnet", AgentDll(), "sim:rpi3-6.12", "sim-state", Sudo: false);
        options ??= new SessionOptions();
        var session = await BoardSession.StartAsync("rpi3-sim", transport, launch, options, new KmsgCrashProbe(transport, launch, options), CancellationToken.None);
        return (session, transport);
    }

    private static AgentStep CreateBo() => new("vc4.create_bo", new JsonObject { ["fd"] = AgentStep.Ref(0, "fd"), ["size"] = 4096 });

    [Test]
    [Description("A session says hello with protocol 1 and runs a batch whose every step result comes back in order.")]
    public async Task HelloThenBatchReturnsEveryStep()
    {
        var (session, _) = await StartAsync();
        await using var _ = session;
        var outcome = await session.RunBatchAsync([new AgentStep("open", new JsonObject { ["driver"] = "vc4" }), CreateBo(), CreateBo()], new BatchOptions(), CancellationToken.None);
        Assert.That((session.Hello.Protocol, session.Hello.Simulated, outcome.Completed), Is.EqualTo((1, true, true)));
        Assert.That(outcome.Results.Select(r => r.OutU64("handle")), Is.EqualTo(new ulong?[] { null, 1, 2 }));
    }

    [Test]
    [Description("An oops mid-batch kills the agent; the completed steps are kept and the failure is KernelCrash with the kernel's oops text as evidence.")]
    public async Task OopsMidBatchIsKernelCrashWithCompletedSteps()
    {
        var (session, _) = await StartAsync();
        await using var _ = session;
        var outcome = await session.RunBatchAsync(
            [new AgentStep("open", new JsonObject { ["driver"] = "vc4" }), CreateBo(), new AgentStep("sim.inject", new JsonObject { ["kind"] = "oops" }), CreateBo(), CreateBo()],
            new BatchOptions(), CancellationToken.None);
        Assert.That((outcome.Results.Count, outcome.Failure?.Kind), Is.EqualTo((3, BatchFailureKind.KernelCrash)));
        Assert.That(outcome.Failure!.KernelEvidence, Does.Contain("Oops"));
    }

    [Test]
    [Description("A hung ioctl trips the per-step timeout: the batch ends as Timeout with the earlier steps kept, and the session is broken.")]
    public async Task HungStepTimesOutAndKeepsEarlierSteps()
    {
        var (session, _) = await StartAsync(new SessionOptions { StepTimeout = TimeSpan.FromSeconds(1) });
        await using var _ = session;
        var outcome = await session.RunBatchAsync(
            [new AgentStep("open", new JsonObject { ["driver"] = "vc4" }), new AgentStep("sim.inject", new JsonObject { ["kind"] = "hang" }), CreateBo()],
            new BatchOptions(), CancellationToken.None);
        Assert.That((outcome.Results.Count, outcome.Failure?.Kind, session.Broken is not null), Is.EqualTo((2, BatchFailureKind.Timeout, true)));
    }

    [Test]
    [Description("Killing the agent mid-batch ends the batch as AgentDied (infrastructure, no kernel evidence) with the completed steps kept.")]
    public async Task KilledAgentIsAgentDiedWithCompletedSteps()
    {
        var (session, transport) = await StartAsync(new SessionOptions { StepTimeout = TimeSpan.FromSeconds(60) });
        await using var _ = session;
        var batch = session.RunBatchAsync(
            [new AgentStep("open", new JsonObject { ["driver"] = "vc4" }), new AgentStep("sim.inject", new JsonObject { ["kind"] = "hang" }), CreateBo()],
            new BatchOptions(), CancellationToken.None);
        await Task.Delay(1000);
        transport.Started[0].Kill();
        var outcome = await batch;
        Assert.That((outcome.Results.Count, outcome.Failure?.Kind), Is.EqualTo((2, BatchFailureKind.AgentDied)));
    }

    [Test]
    [Description("A protocol error reply is an ordinary result, and the session stays usable after it.")]
    public async Task ProtocolErrorDoesNotBreakSession()
    {
        var (session, _) = await StartAsync();
        await using var _ = session;
        var bad = await session.CallAsync(new AgentStep("no.such.op"), CancellationToken.None);
        var ping = await session.CallAsync(new AgentStep("ping"), CancellationToken.None);
        Assert.That((bad.Ok, bad.Error?.Code, ping.Ok), Is.EqualTo((false, "unknown-op", true)));
    }

    /// <summary>Wraps a transport and keeps the processes it started, so a test can kill the agent.</summary>
    private sealed class CapturingTransport(IBoardTransport inner) : IBoardTransport
    {
        public List<IRemoteProcess> Started { get; } = [];

        public string BoardName => inner.BoardName;

        public async Task<IRemoteProcess> StartAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
        {
            var process = await inner.StartAsync(argv, cancellationToken);
            Started.Add(process);
            return process;
        }

        public Task<CommandResult> RunAsync(string script, TimeSpan timeout, CancellationToken cancellationToken, byte[]? standardInput = null) =>
            inner.RunAsync(script, timeout, cancellationToken, standardInput);

        public Task UploadAsync(IReadOnlyList<UploadFile> files, string remoteDirectory, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.UploadAsync(files, remoteDirectory, timeout, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
