using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace HilHarness.BoardAgent.Tests.Fuzz;

/// <summary>End-to-end: the real agent process (<c>dotnet hil-agent.dll</c> from this build) on this machine's
/// real kernel.</summary>
[TestFixture]
public sealed class AgentProcessTests
{
    private static Process Start(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "hil-agent.dll");
        Assert.That(File.Exists(dll), Is.True, $"{dll} is copied next to the tests by the project reference");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    private static JsonObject ReadReply(Process agent)
    {
        var read = agent.StandardOutput.ReadLineAsync();
        Assert.That(read.Wait(TimeSpan.FromSeconds(30)), Is.True, "the agent answered within 30 s");
        if (read.Result is null) Assert.Fail("the agent closed stdout: " + agent.StandardError.ReadToEnd());
        return JsonNode.Parse(read.Result!)!.AsObject();
    }

    [Test]
    [Description("The real agent answers hello with this machine's uname release and, with no /dev/dri here, no drivers; bye exits 0.")]
    public void HelloOverStdioReportsRealUname()
    {
        using var agent = Start();
        agent.StandardInput.WriteLine("{\"id\":1,\"op\":\"hello\"}");
        agent.StandardInput.Flush();
        var hello = ReadReply(agent)["out"]!;
        Assert.That(hello["uname"]!["release"]!.GetValue<string>(), Is.EqualTo(File.ReadAllText("/proc/sys/kernel/osrelease").Trim()));
        Assert.That(hello["kernel"]!.GetValue<string>(), Is.EqualTo("linux"));
        if (!Directory.Exists("/dev/dri")) Assert.That(hello["drivers"]!.AsArray(), Is.Empty);
        agent.StandardInput.WriteLine("{\"id\":2,\"op\":\"bye\"}");
        agent.StandardInput.Flush();
        Assert.That(ReadReply(agent)["id"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(agent.WaitForExit(30_000), Is.True);
        Assert.That(agent.ExitCode, Is.Zero);
    }

    [Test]
    [Description("Bad command-line arguments are reported on stderr with exit code 2.")]
    public void BadArgumentsExitTwo()
    {
        using var agent = Start("--kernel", "windows");
        Assert.That(agent.WaitForExit(30_000), Is.True);
        Assert.That(agent.ExitCode, Is.EqualTo(2));
        Assert.That(agent.StandardError.ReadToEnd(), Does.Contain("--kernel 'windows'"));
    }

    [Test]
    [Description("A few hundred hostile lines (invalid UTF-8 included) through the real process leave it alive and answering ping.")]
    public void ProcessSurvivesFuzzAndAnswersPing()
    {
        using var agent = Start("--max-line", "65536");
        var (input, _) = ProtocolFuzzTests.Generate(seed: 77, count: 300, maxLine: 65536);
        var stdin = agent.StandardInput.BaseStream;
        // Drain stdout concurrently so the agent never blocks on a full pipe.
        var lines = new List<string>();
        var drain = Task.Run(() =>
        {
            while (agent.StandardOutput.ReadLine() is { } line)
            {
                lock (lines) lines.Add(line);
                if (line.Contains("\"id\":424242,", StringComparison.Ordinal)) return;
            }
        });
        stdin.Write(input);
        stdin.Write("{\"id\":424242,\"op\":\"ping\"}\n"u8);
        stdin.Flush();
        bool answered = drain.Wait(TimeSpan.FromSeconds(60));
        if (!answered)
        {
            string dump = Path.Combine(Path.GetTempPath(), "hil-agent-fuzz-input.bin");
            File.WriteAllBytes(dump, input);
            lock (lines) Assert.Fail($"the ping after the fuzz lines was not answered; {lines.Count} lines came back, input saved to {dump}");
        }
        Assert.That(agent.HasExited, Is.False, "the agent is still running");
        lock (lines) Assert.That(JsonNode.Parse(lines[^1])!["ok"]!.GetValue<bool>(), Is.True);
        agent.StandardInput.Close();
        Assert.That(agent.WaitForExit(30_000), Is.True, "end of input ends the agent");
    }
}
