using BenchmarkDotNet.Running;

namespace HilHarness.Benchmarks;

/// <summary>Entry point: pick benchmarks with BenchmarkDotNet's own arguments (<c>--filter</c>, <c>--job</c>);
/// tools/bench/run.sh has the exact commands behind the README's figures.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
