using NUnit.Framework;
using HilHarness.Transport;

namespace HilHarness.Tests.Transport;

public sealed class LocalTransportTests
{
    private string _home = "";

    [SetUp]
    public void CreateHome() => _home = Directory.CreateTempSubdirectory("hil-local-").FullName;

    [TearDown]
    public void RemoveHome() => Directory.Delete(_home, recursive: true);

    [Test]
    [Description("A script runs in the board's home with its exit code, stdout and stderr captured, and stdin fed.")]
    public async Task RunCapturesExitCodeOutputAndInput()
    {
        var transport = new LocalTransport("b", _home);
        var result = await transport.RunAsync("pwd; cat; echo err >&2; exit 7", TimeSpan.FromSeconds(10), CancellationToken.None, "in\n"u8.ToArray());
        Assert.That((result.ExitCode, result.Stdout, result.Stderr), Is.EqualTo((7, $"{_home}\nin\n", "err\n")));
    }

    [Test]
    [Description("A command that outlives its timeout is killed and reported as an InfraError timeout naming the board.")]
    public async Task TimeoutKillsAndThrowsInfraTimeout()
    {
        var transport = new LocalTransport("slow-board", _home);
        var error = Assert.ThrowsAsync<InfraException>(() => transport.RunAsync("sleep 30", TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.That((error!.Kind, error.Board), Is.EqualTo((InfraErrorKind.Timeout, "slow-board")));
        await Task.CompletedTask;
    }

    [Test]
    [Description("An upload recreates the files under the target directory with mode 0700 on the directory, in one command.")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task UploadWritesFilesIntoPrivateDirectory()
    {
        string source = Path.Combine(_home, "src");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        await File.WriteAllTextAsync(Path.Combine(source, "a.txt"), "alpha");
        await File.WriteAllTextAsync(Path.Combine(source, "sub", "b.txt"), "beta");
        var transport = new LocalTransport("b", _home);
        await transport.UploadAsync([new UploadFile(Path.Combine(source, "a.txt"), "a.txt"), new UploadFile(Path.Combine(source, "sub", "b.txt"), "sub/b.txt")],
            "dest/x", TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(_home, "dest/x/sub/b.txt")), Is.EqualTo("beta"));
        Assert.That(File.GetUnixFileMode(Path.Combine(_home, "dest/x")) & (UnixFileMode)0x1FF, Is.EqualTo((UnixFileMode)0x1C0));
    }
}
