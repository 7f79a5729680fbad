using HilHarness.Inventory;
using HilHarness.Transport;

namespace HilHarness.Deploy;

/// <summary>
/// Puts the agent on a board: one command checks the .NET runtime and whether the package's hash is already
/// there; only when it is not, the files go up into a staging directory, are verified by SHA-256 on the board,
/// and are renamed into <c>~/.cache/hil-agent/&lt;hash&gt;/</c> (mode 0700), so a half-finished upload is never used.
/// </summary>
public sealed class AgentDeployer(TimeSpan commandTimeout, TimeSpan uploadTimeout)
{
    public const string CacheDirectory = ".cache/hil-agent";
    private const string RuntimeName = "Microsoft.NETCore.App 10.";

    public AgentDeployer() : this(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(3)) { }

    public async Task<DeployedAgent> EnsureAsync(IBoardTransport transport, BoardRecord board, AgentPackage package, CancellationToken cancellationToken)
    {
        string final = $"{CacheDirectory}/{package.Hash}";
        string check =
            $"if [ -f {ShellQuote.Quote(final + "/.complete")} ]; then echo hil-deploy:present; else echo hil-deploy:absent; fi; " +
            $"{ShellQuote.Quote(board.Dotnet)} --list-runtimes 2>&1 || echo \"hil-deploy:no-dotnet $?\"";
        var probe = await transport.RunAsync(check, commandTimeout, cancellationToken).ConfigureAwait(false);
        RequireRuntime(board, probe);
        if (probe.Stdout.Contains("hil-deploy:present", StringComparison.Ordinal))
            return new DeployedAgent(final, package.Hash, Uploaded: false, RemoteCommands: 1);

        string staging = $"{final}.partial-{Environment.ProcessId}-{Random.Shared.Next():x}";
        await transport.UploadAsync(package.UploadFiles(), staging, uploadTimeout, cancellationToken).ConfigureAwait(false);
        var verify = await transport.RunAsync(
            $"cd {ShellQuote.Quote(staging)} && sha256sum -- {ShellQuote.Join(package.Files.Select(f => f.RelativePath))}",
            commandTimeout, cancellationToken).ConfigureAwait(false);
        VerifyHashes(board, package, staging, verify);
        // Another run may have finished the same hash meanwhile: then its copy wins and ours is removed.
        var commit = await transport.RunAsync(
            $"touch {ShellQuote.Quote(staging + "/.complete")} && {{ mv -T {ShellQuote.Quote(staging)} {ShellQuote.Quote(final)} 2>/dev/null || rm -rf {ShellQuote.Quote(staging)}; }} && test -f {ShellQuote.Quote(final + "/.complete")}",
            commandTimeout, cancellationToken).ConfigureAwait(false);
        if (!commit.Succeeded)
            throw new InfraException(board.Name, InfraErrorKind.Deploy, $"could not move the verified agent into {final}: {commit.Diagnostic}");
        return new DeployedAgent(final, package.Hash, Uploaded: true, RemoteCommands: 4);
    }

    private static void RequireRuntime(BoardRecord board, CommandResult probe)
    {
        if (probe.Stdout.Contains(RuntimeName, StringComparison.Ordinal))
            return;
        string said = string.Join(" | ", probe.Stdout.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("hil-deploy:p", StringComparison.Ordinal) && !l.StartsWith("hil-deploy:a", StringComparison.Ordinal)));
        throw new InfraException(board.Name, InfraErrorKind.Deploy,
            $"the board has no .NET 10 runtime (\"{board.Dotnet} --list-runtimes\" said: {(said.Length == 0 ? "nothing" : said)}); " +
            "install Microsoft.NETCore.App 10.x on the board (Debian/Ubuntu: apt install dotnet-runtime-10.0; elsewhere: dotnet-install.sh --runtime dotnet --channel 10.0) " +
            "or set \"dotnet\" in boards.json to where it is installed");
    }

    private static void VerifyHashes(BoardRecord board, AgentPackage package, string staging, CommandResult verify)
    {
        var remote = verify.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split("  ", 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[1].Trim(), parts => parts[0].Trim(), StringComparer.Ordinal);
        var bad = package.Files.Where(f => !remote.TryGetValue(f.RelativePath, out var hash) || hash != f.Sha256).Select(f => f.RelativePath).ToList();
        if (!verify.Succeeded || bad.Count > 0)
            throw new InfraException(board.Name, InfraErrorKind.Deploy,
                $"the uploaded agent in {staging} does not match what was sent ({(bad.Count > 0 ? "differs: " + string.Join(", ", bad) : verify.Diagnostic)})");
    }
}
