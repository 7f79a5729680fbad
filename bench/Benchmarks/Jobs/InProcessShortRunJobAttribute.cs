using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace HilHarness.Benchmarks.Jobs;

/// <summary>
/// BenchmarkDotNet's ShortRun (3 warmups, 3 iterations) inside the benchmark process. In-process because this
/// machine is 2 shared cores: the default toolchain regenerates and rebuilds a project per run (and, with the
/// repository's artifacts layout, runs it from a folder where the tools/ scripts cannot be found).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class InProcessShortRunJobAttribute()
    : JobConfigBaseAttribute(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
