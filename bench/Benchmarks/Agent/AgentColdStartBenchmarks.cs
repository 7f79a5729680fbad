using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using HilHarness.Benchmarks.Jobs;
using HilHarness.Deploy;

namespace HilHarness.Benchmarks.Agent;

/// <summary>
/// The agent's cold start: from starting <c>dotnet hil-agent.dll</c> to its <c>hello</c> reply on stdout, one fresh
/// process per iteration (10 iterations: read the Median column). The agent comes from <c>HIL_AGENT_DIR</c>
/// (tools/bench/run.sh points it at the framework-dependent publish output) or the build beside these benchmarks.
/// Both kernels are measured: the simulated one every rack board uses, and <c>linux</c> as a real board starts.
/// The reply is checked, and <c>bye</c> and the exit run in IterationCleanup, outside the measurement.
/// </summary>
[InProcessMonitoringJob(warmupCount: 1, iterationCount: 10)]
[MedianColumn]
public class AgentColdStartBenchmarks
{
    private string entryAssembly = null!;
    private Process? agent;

    [Params("sim:rpi3-6.12", "linux")]
    public string Kernel { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var package = AgentLocator.LocateAsync(CancellationToken.None).GetAwaiter().GetResult();
        entryAssembly = Path.Combine(package.Directory, AgentPackage.EntryAssembly);
    }

    [IterationCleanup]
    public void StopAgent()
    {
        if (agent is null)
            return;
        agent.StandardInput.WriteLine("{\"id\":2,\"op\":\"bye\"}");
        agent.StandardInput.Close();
        if (!agent.WaitForExit(10_000))
            agent.Kill();
        agent.Dispose();
        agent = null;
    }

    [Benchmark]
    public string HelloFromProcessStart()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false };
        foreach (var arg in new[] { entryAssembly, "--kernel", Kernel })
            info.ArgumentList.Add(arg);
        agent = Process.Start(info) ?? throw new InvalidOperationException($"cannot start dotnet {entryAssembly}");
        agent.StandardInput.WriteLine("{\"id\":1,\"op\":\"hello\"}");
        agent.StandardInput.Flush();
        string reply = agent.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"dotnet {entryAssembly} --kernel {Kernel} closed stdout before answering hello (exit {(agent.HasExited ? agent.ExitCode : -1)})");
        if (!reply.StartsWith("{\"id\":1,\"ok\":true", StringComparison.Ordinal))
            throw new InvalidOperationException($"dotnet {entryAssembly} --kernel {Kernel} answered hello with: {reply}");
        return reply;
    }
}
