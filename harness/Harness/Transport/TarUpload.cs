using System.Formats.Tar;

namespace HilHarness.Transport;

/// <summary>
/// Sends files as a tar stream into one remote <c>tar -x</c>: one command whatever the file count, modes kept, and
/// no remote path ever passes through scp's own parsing. The directory is created with umask 077 (mode 0700).
/// </summary>
public static class TarUpload
{
    public static async Task UploadAsync(IBoardTransport transport, IReadOnlyList<UploadFile> files, string remoteDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var archive = new MemoryStream();
        await using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
                await writer.WriteEntryAsync(file.LocalPath, file.RelativePath, cancellationToken).ConfigureAwait(false);
        }
        string dir = ShellQuote.Quote(remoteDirectory);
        var result = await transport.RunAsync($"umask 077 && mkdir -p {dir} && chmod 700 {dir} && tar -xf - -C {dir}", timeout, cancellationToken, archive.ToArray()).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new InfraException(transport.BoardName, InfraErrorKind.Deploy,
                $"upload of {files.Count} files to {remoteDirectory} failed (exit {result.ExitCode}): {result.Diagnostic}");
    }
}
