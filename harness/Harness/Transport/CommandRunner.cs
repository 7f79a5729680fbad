namespace HilHarness.Transport;

/// <summary>Runs a host process to completion with a timeout, feeding stdin and capturing output.</summary>
public static class CommandRunner
{
    /// <summary>Runs <paramref name="argv"/>; past <paramref name="timeout"/> the process tree is killed and an
    /// InfraException (Timeout) names <paramref name="board"/> and <paramref name="description"/>.</summary>
    public static async Task<CommandResult> RunAsync(
        string board, string description, IReadOnlyList<string> argv, TimeSpan timeout, CancellationToken cancellationToken,
        byte[]? standardInput = null, string? workingDirectory = null)
    {
        HostProcess process;
        try
        {
            process = HostProcess.Start(argv, workingDirectory);
        }
        catch (InvalidOperationException e)
        {
            throw new InfraException(board, InfraErrorKind.Command, $"{description}: {e.Message}", e);
        }
        await using (process.ConfigureAwait(false))
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                var stdoutTask = ReadAllAsync(process.StandardOutput, deadline.Token);
                await WriteInputAsync(process, standardInput, deadline.Token).ConfigureAwait(false);
                string stdout = await stdoutTask.ConfigureAwait(false);
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                return new CommandResult(description, process.ExitCode ?? -1, stdout, process.StandardErrorText);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill();
                throw new InfraException(board, InfraErrorKind.Timeout,
                    $"{description}: no answer within {timeout.TotalSeconds:0.#} s (killed){Tail(process.StandardErrorText)}");
            }
        }
    }

    private static async Task WriteInputAsync(HostProcess process, byte[]? input, CancellationToken cancellationToken)
    {
        try
        {
            if (input is not null)
                await process.StandardInput.WriteAsync(input, cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited without reading all its input; its exit code and stderr tell why.
        }
    }

    private static async Task<string> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Tail(string stderr) => stderr.Trim().Length == 0 ? "" : $"; stderr: {stderr.Trim()}";
}
