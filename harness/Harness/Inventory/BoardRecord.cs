namespace HilHarness.Inventory;

/// <summary>
/// One board of the rack as boards.json describes it: passive data only (how to reach it, what it runs, how to
/// power it). Paths are already resolved against the rack file's folder and <c>~</c>.
/// </summary>
public sealed record BoardRecord
{
    public required string Name { get; init; }

    /// <summary>The DRM driver under test on this board (<c>vc4</c>, <c>panthor</c>, …).</summary>
    public required string Driver { get; init; }

    /// <summary>How the board is reached; one of <see cref="BoardKinds.All"/>.</summary>
    public required string Kind { get; init; }

    /// <summary><c>linux</c> for the real driver or <c>sim:&lt;profile&gt;</c> for the simulated kernel.</summary>
    public required string Kernel { get; init; }

    public string? Host { get; init; }
    public int Port { get; init; } = 22;
    public string? User { get; init; }
    public string? IdentityFile { get; init; }
    public string? KnownHosts { get; init; }
    public string? JumpHost { get; init; }

    /// <summary>Trust a host key never seen before (and record it); a changed key is still refused.</summary>
    public bool AcceptNewHostKey { get; init; }

    /// <summary><c>auto</c> or a path under /dev/dri/.</summary>
    public string Card { get; init; } = "auto";

    /// <summary>Start the agent through <c>sudo -n</c> (debugfs and /dev/kmsg need root).</summary>
    public bool Sudo { get; init; }

    /// <summary>The dotnet host on the board.</summary>
    public string Dotnet { get; init; } = "dotnet";

    public PowerCommands? Power { get; init; }
    public string? Console { get; init; }
    public string? KernelInstall { get; init; }
    public string? Reboot { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>For a <c>qemu</c> board: the kernel and machine the harness boots (defaults when the rack gives no
    /// <c>qemu</c> object); null for every other kind.</summary>
    public HilHarness.Qemu.QemuBoardOptions? Qemu { get; init; }

    /// <summary>How long a lease lives without a heartbeat before another run may break it.</summary>
    public TimeSpan LeaseTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The rack file and line this record came from, for messages about the board.</summary>
    public string Origin { get; init; } = "";

    public bool IsSimulated => Kernel.StartsWith("sim:", StringComparison.Ordinal);

    /// <summary>For messages: <c>rpi3-6.12 (local, sim:rpi3-6.12)</c> or <c>pi3 (ssh pi@lab-7:22)</c>.</summary>
    public override string ToString() =>
        Kind == BoardKinds.Ssh ? $"{Name} (ssh {User}{(User is null ? "" : "@")}{Host}:{Port})" : $"{Name} ({Kind}, {Kernel})";
}
