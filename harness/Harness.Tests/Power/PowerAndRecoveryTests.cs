using System.Text.Json;
using HilHarness.Inventory;
using HilHarness.Power;
using HilHarness.Resilience;
using HilHarness.Transport;
using NUnit.Framework;

namespace HilHarness.Tests.Power;

public class PowerAndRecoveryTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("hil-power-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    private BoardRecord Board(string name, object? power)
    {
        var board = new Dictionary<string, object?> { ["name"] = name, ["driver"] = "vc4", ["kind"] = "local", ["kernel"] = "sim:rpi3-6.12" };
        if (power is not null) board["power"] = power;
        var json = JsonSerializer.Serialize(new { boards = new[] { board } });
        return RackLoader.Parse(json, "rack.json", _dir).Boards.Single();
    }

    [Test, Description("Without a cycle template, a power cycle runs the real off then on commands on the host, and a hostile board name (which the inventory already refuses; forced here past it) reaches them as one quoted word, never as a command.")]
    public async Task CycleRunsOffThenOnWithTheBoardNameQuoted()
    {
        string log = Path.Combine(_dir, "pdu.log"), injected = Path.Combine(_dir, "injected");
        var name = $"b$(touch {injected})";
        var board = Board("b1", new { off = $"echo off {{board}} >> {log}", on = $"echo on {{board}} >> {log}" }) with { Name = name };

        await new PowerController(board).CycleAsync(CancellationToken.None);

        Assert.That(File.ReadAllLines(log), Is.EqualTo(new[] { $"off {name}", $"on {name}" }));
        Assert.That(File.Exists(injected), Is.False, "the board name was executed by the shell");
    }

    [Test, Description("A power command that exits non-zero is an InfraError of kind Power that names the command and its output, never a kernel failure.")]
    public void FailingPduCommandIsAPowerInfraError()
    {
        var board = Board("b1", new { cycle = "echo pdu unreachable >&2; exit 3" });
        var e = Assert.ThrowsAsync<InfraException>(() => new PowerController(board).CycleAsync(CancellationToken.None));
        Assert.That(e!.Kind, Is.EqualTo(InfraErrorKind.Power));
        Assert.That(e.Message, Does.Contain("exited 3").And.Contain("pdu unreachable"));
    }

    [Test, Description("A board with no power control is marked broken at once, without any command being run, so its remaining tests become InfraError.")]
    public async Task BoardWithoutPowerControlStaysBroken()
    {
        var transport = new ScriptedTransport("b1", answerFromAttempt: 1);
        var recovery = new BoardRecovery(Board("b1", null), transport, new BoardPipelines(), TimeProvider.System, _ => { });
        Assert.That(await recovery.RecoverAsync(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), CancellationToken.None), Is.False);
        Assert.That((recovery.Broken, transport.Attempts), Is.EqualTo((true, 0)));
    }

    [Test, Description("After a power cycle the board is polled until it answers; recovery succeeds once it does, and the cycle command really ran.")]
    public async Task RecoverySucceedsWhenTheBoardAnswersAgain()
    {
        string log = Path.Combine(_dir, "cycled");
        var transport = new ScriptedTransport("b1", answerFromAttempt: 3);
        var lines = new List<string>();
        var recovery = new BoardRecovery(Board("b1", new { cycle = $"touch {log}" }), transport, new BoardPipelines(), TimeProvider.System, lines.Add);

        bool back = await recovery.RecoverAsync(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10), CancellationToken.None);

        Assert.That((back, recovery.Broken, transport.Attempts, File.Exists(log)), Is.EqualTo((true, false, 3, true)));
        Assert.That(lines, Has.Some.Contains("answering again"));
    }

    [Test, Description("A board that never answers after its power cycle is given up after the boot wait and stays broken; a second recovery does not cycle it again.")]
    public async Task RecoveryGivesUpAfterTheBootWaitAndStaysBroken()
    {
        string log = Path.Combine(_dir, "cycles");
        var transport = new ScriptedTransport("b1", answerFromAttempt: int.MaxValue);
        var recovery = new BoardRecovery(Board("b1", new { cycle = $"echo x >> {log}" }), transport, new BoardPipelines(), TimeProvider.System, _ => { });

        Assert.That(await recovery.RecoverAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(10), CancellationToken.None), Is.False);
        Assert.That(await recovery.RecoverAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(10), CancellationToken.None), Is.False);
        Assert.That((recovery.Broken, File.ReadAllLines(log).Length), Is.EqualTo((true, 1)));
    }

    /// <summary>A board that refuses connections until its Nth probe.</summary>
    private sealed class ScriptedTransport(string board, int answerFromAttempt) : IBoardTransport
    {
        public int Attempts { get; private set; }

        public string BoardName => board;

        public Task<CommandResult> RunAsync(string script, TimeSpan timeout, CancellationToken cancellationToken, byte[]? standardInput = null)
        {
            Attempts++;
            if (Attempts < answerFromAttempt) throw new InfraException(board, InfraErrorKind.Unreachable, "connection refused");
            return Task.FromResult(new CommandResult(script, 0, "", ""));
        }

        public Task<IRemoteProcess> StartAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task UploadAsync(IReadOnlyList<UploadFile> files, string remoteDirectory, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
