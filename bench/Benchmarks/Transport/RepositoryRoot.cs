namespace HilHarness.Benchmarks.Transport;

/// <summary>The HilHarness checkout the benchmarks run from (for tools/ scripts): the first folder holding
/// HilHarness.sln above the current directory or above the benchmark assembly.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "HilHarness.sln")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no HilHarness.sln above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}: run the benchmarks from the checkout (tools/bench/run.sh does)");
    }
}
