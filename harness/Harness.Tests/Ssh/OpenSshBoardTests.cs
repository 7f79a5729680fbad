using System.Text.Json.Nodes;
using HilHarness.Agent;
using HilHarness.Deploy;
using HilHarness.Sessions;
using HilHarness.Transport;
using NUnit.Framework;

namespace HilHarness.Tests.Ssh;

/// <summary>The whole host path over a real sshd on loopback: deploy, sessions, host keys, failures, leases.</summary>
[NonParallelizable]
public sealed class OpenSshBoardTests
{
    private TestSshd _sshd = null!;

    [OneTimeSetUp]
    public async Task StartSshd() => _sshd = await TestSshd.StartAsync();

    [OneTimeTearDown]
    public async Task StopSshd()
    {
        if (_sshd is not null)
            await _sshd.DisposeAsync();
    }

    private static AgentStep Open() => new("open", new JsonObject { ["driver"] = "vc4" });

    private static AgentStep CreateBo() => new("vc4.create_bo", new JsonObject { ["fd"] = AgentStep.Ref(0, "fd"), ["size"] = 4096 });

    [Test]
    [Description("Hostile arguments reach the remote side over ssh as literal words and create no file there.")]
    public async Task HostileArgumentsStayLiteralOverSsh()
    {
        await using var transport = new OpenSshTransport(_sshd.Board());
        string marker = Path.Combine(_sshd.WorkDirectory, "pwned");
        string hostile = $"$(touch {marker}); `touch {marker}` ' \" \n; touch {marker}";
        var result = await transport.RunAsync($"printf '%s' {ShellQuote.Quote(hostile)}", TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.That((result.Stdout, File.Exists(marker)), Is.EqualTo((hostile, false)));
    }

    [Test]
    [Description("Deploy uploads the agent once, verified by hash; deploying the unchanged agent again is a single remote command.")]
    public async Task RedeployOfUnchangedAgentIsOneCommand()
    {
        var board = _sshd.Board();
        var package = AgentPackage.FromDirectory(AgentLocator.FindBuildOutput()!);
        await using var transport = new OpenSshTransport(board);
        await transport.RunAsync($"rm -rf {ShellQuote.Quote(AgentDeployer.CacheDirectory + "/" + package.Hash)}", TimeSpan.FromSeconds(30), CancellationToken.None);
        var deployer = new AgentDeployer();
        var first = await deployer.EnsureAsync(transport, board, package, CancellationToken.None);
        var second = await deployer.EnsureAsync(transport, board, package, CancellationToken.None);
        Assert.That((first.Uploaded, second.Uploaded, second.RemoteCommands), Is.EqualTo((true, false, 1)));
    }

    [Test]
    [Description("Through the factory (lease, deploy, start, hello), a batch on the simulated kernel runs over ssh and the lease is released afterwards.")]
    public async Task FactoryOpensSessionAndRunsBatchOverSsh()
    {
        var board = _sshd.Board("ssh-batch");
        var factory = new BoardSessionFactory(new SessionFactoryOptions { Purpose = "test" });
        await using (var session = await factory.OpenAsync(board, CancellationToken.None))
        {
            var outcome = await session.RunBatchAsync([Open(), CreateBo(), CreateBo()], new BatchOptions(), CancellationToken.None);
            Assert.That((session.Hello.Kernel, outcome.Completed, outcome.Results[2].OutU64("handle")), Is.EqualTo(("sim:rpi3-6.12", true, (ulong?)2)));
        }
        await using var transport = new OpenSshTransport(board);
        var (holder, _) = await HilHarness.Leases.BoardLease.InspectAsync(transport, CancellationToken.None);
        Assert.That(holder, Is.Null, "the lease must be released when the session ends");
    }

    [Test]
    [Description("A host key that does not match known_hosts is refused, as an InfraError that says it is the host key.")]
    public async Task WrongHostKeyIsRefused()
    {
        string wrong = Path.Combine(_sshd.WorkDirectory, "wrong_known_hosts");
        await File.WriteAllTextAsync(wrong, $"[127.0.0.1]:{_sshd.Port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2KfB4oEUd7vD8Lh8nFSrS1b0FWZoPpx0fHj7hLxQ7c\n");
        await using var transport = new OpenSshTransport(_sshd.Board("wrong-key", knownHosts: wrong));
        var error = Assert.ThrowsAsync<InfraException>(() => transport.RunAsync("true", TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.That(error!.Kind, Is.EqualTo(InfraErrorKind.HostKey));
        Assert.That(error.Message, Does.Contain("host key"));
    }

    [Test]
    [Description("An oops mid-batch over ssh is KernelCrash (the probe reads the board's kernel log over ssh) with the completed steps kept.")]
    public async Task OopsOverSshIsKernelCrash()
    {
        var factory = new BoardSessionFactory(new SessionFactoryOptions { Purpose = "test" });
        await using var session = await factory.OpenAsync(_sshd.Board("ssh-oops"), CancellationToken.None);
        var outcome = await session.RunBatchAsync([Open(), new AgentStep("sim.inject", new JsonObject { ["kind"] = "oops" }), CreateBo()], new BatchOptions(), CancellationToken.None);
        Assert.That((outcome.Results.Count, outcome.Failure?.Kind), Is.EqualTo((2, BatchFailureKind.KernelCrash)));
    }

    [Test]
    [Description("Killing the ssh client mid-batch ends the batch as an infrastructure failure, not a kernel one, with completed steps kept.")]
    public async Task KilledSshMidBatchIsInfraWithStepsKept()
    {
        var board = _sshd.Board("ssh-kill");
        var package = AgentPackage.FromDirectory(AgentLocator.FindBuildOutput()!);
        var transport = new OpenSshTransport(board);
        var deployed = await new AgentDeployer().EnsureAsync(transport, board, package, CancellationToken.None);
        var launch = AgentLaunch.For(board, deployed.EntryAssembly);
        IRemoteProcess? agent = null;
        var capturing = new StartHook(transport, p => agent = p);
        await using var session = await BoardSession.StartAsync(board.Name, capturing, launch, new SessionOptions(), crashProbe: null, CancellationToken.None);
        session.Own(transport);
        var batch = session.RunBatchAsync([Open(), new AgentStep("sim.inject", new JsonObject { ["kind"] = "hang" }), CreateBo()], new BatchOptions(), CancellationToken.None);
        await Task.Delay(1500);
        agent!.Kill();
        var outcome = await batch;
        Assert.That(outcome.Results, Has.Count.EqualTo(2));
        Assert.That(outcome.Failure?.Kind, Is.AnyOf(BatchFailureKind.AgentDied, BatchFailureKind.Unreachable));
    }

    [Test]
    [Description("Two runs opening one board at once: one gets it, the other fails at once with a message naming the holder.")]
    public async Task ConcurrentRunsContendForOneLease()
    {
        var board = _sshd.Board("ssh-lease");
        var a = new BoardSessionFactory(new SessionFactoryOptions { Purpose = "run-A" });
        var b = new BoardSessionFactory(new SessionFactoryOptions { Purpose = "run-B" });
        var results = await Task.WhenAll(Attempt(a), Attempt(b));
        var winners = results.Where(r => r.Session is not null).ToList();
        var losers = results.Where(r => r.Error is not null).ToList();
        foreach (var w in winners)
            await w.Session!.DisposeAsync();
        Assert.That((winners.Count, losers.Count), Is.EqualTo((1, 1)));
        Assert.That(losers[0].Error!.Message, Does.Contain("the board is leased by").And.Contain("run-"));

        async Task<(BoardSession? Session, InfraException? Error)> Attempt(BoardSessionFactory factory)
        {
            try
            {
                return (await factory.OpenAsync(board, CancellationToken.None), null);
            }
            catch (InfraException e)
            {
                return (null, e);
            }
        }
    }

    /// <summary>Passes everything to the real transport and hands the started process to the test.</summary>
    private sealed class StartHook(IBoardTransport inner, Action<IRemoteProcess> started) : IBoardTransport
    {
        public string BoardName => inner.BoardName;

        public async Task<IRemoteProcess> StartAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
        {
            var process = await inner.StartAsync(argv, cancellationToken);
            started(process);
            return process;
        }

        public Task<CommandResult> RunAsync(string script, TimeSpan timeout, CancellationToken cancellationToken, byte[]? standardInput = null) =>
            inner.RunAsync(script, timeout, cancellationToken, standardInput);

        public Task UploadAsync(IReadOnlyList<UploadFile> files, string remoteDirectory, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.UploadAsync(files, remoteDirectory, timeout, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
