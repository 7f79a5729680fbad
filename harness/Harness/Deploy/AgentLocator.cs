using System.Diagnostics;

namespace HilHarness.Deploy;

/// <summary>
/// Finds the agent's build output on the host: <c>HIL_AGENT_DIR</c>, else the BoardAgent build beside this
/// harness's own artifacts, else <c>dotnet publish</c> of boardagent/BoardAgent once per run.
/// </summary>
public static class AgentLocator
{
    private static readonly SemaphoreSlim PublishGate = new(1, 1);
    private static string? _published;

    public static async Task<AgentPackage> LocateAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("HIL_AGENT_DIR") is { Length: > 0 } explicitDir)
            return AgentPackage.FromDirectory(explicitDir);
        if (FindBuildOutput() is { } built)
            return AgentPackage.FromDirectory(built);
        return AgentPackage.FromDirectory(await PublishOnceAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>With artifacts output, this assembly lives in <c>artifacts/bin/&lt;Project&gt;/&lt;config&gt;/</c>
    /// and the agent in <c>artifacts/bin/BoardAgent/&lt;config&gt;/</c>.</summary>
    public static string? FindBuildOutput()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var bin = here.Parent?.Parent;
        if (bin is null)
            return null;
        foreach (var config in new[] { here.Name, "release", "debug" })
        {
            var candidate = Path.Combine(bin.FullName, "BoardAgent", config);
            if (File.Exists(Path.Combine(candidate, AgentPackage.EntryAssembly)))
                return candidate;
        }
        return null;
    }

    private static async Task<string> PublishOnceAsync(CancellationToken cancellationToken)
    {
        await PublishGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_published is not null)
                return _published;
            string project = Path.Combine(RepositoryRoot(), "boardagent", "BoardAgent", "BoardAgent.csproj");
            string output = Path.Combine(Path.GetTempPath(), $"hil-agent-publish-{Environment.ProcessId}");
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "publish", project, "-c", "Release", "--self-contained", "false", "-o", output, "--nologo" })
                info.ArgumentList.Add(arg);
            using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet publish");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish {project} failed (exit {process.ExitCode}): {await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
            return _published = output;
        }
        finally
        {
            PublishGate.Release();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HilHarness.sln")))
                return dir.FullName;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HilHarness.sln")))
                return dir.FullName;
        throw new InvalidOperationException("cannot find the agent: set HIL_AGENT_DIR to its build output, or run from the HilHarness checkout");
    }
}
