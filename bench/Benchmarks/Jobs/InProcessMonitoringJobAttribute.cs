using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace HilHarness.Benchmarks.Jobs;

/// <summary>
/// For operations of milliseconds to seconds (a batch over ssh, a session start, a process start): one invocation
/// per iteration (RunStrategy.Monitoring, no pilot or unrolling), a fixed count so the run time is predictable, in
/// the benchmark process for the reasons <see cref="InProcessShortRunJobAttribute"/> gives.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class InProcessMonitoringJobAttribute(int warmupCount, int iterationCount)
    : JobConfigBaseAttribute(Job.Default
        .WithId("InProcessMonitoring")
        .WithStrategy(RunStrategy.Monitoring)
        .WithLaunchCount(1)
        .WithWarmupCount(warmupCount)
        .WithIterationCount(iterationCount)
        .WithToolchain(InProcessEmitToolchain.Instance));
