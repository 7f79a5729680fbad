namespace HilHarness.Qemu;

/// <summary>What a command run in the guest over ssh printed and how it exited (255: ssh itself failed).</summary>
public sealed record QemuGuestResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"`{Command}` exited {ExitCode}; stdout: {Stdout.Trim()}; stderr: {Stderr.Trim()}";
}
