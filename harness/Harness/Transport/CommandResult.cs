namespace HilHarness.Transport;

/// <summary>What a finished command printed and how it exited.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The stderr (or stdout) text worth showing in an error, trimmed.</summary>
    public string Diagnostic => (Stderr.Trim().Length > 0 ? Stderr : Stdout).Trim();
}
