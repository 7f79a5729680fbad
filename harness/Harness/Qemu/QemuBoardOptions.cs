namespace HilHarness.Qemu;

/// <summary>
/// What a <c>qemu</c> board in boards.json carries: the kernel to boot and the machine to boot it on. The
/// defaults are the CI lane: Debian's current amd64 kernel (tools/qemu/fetch-kernel.sh), vgem and virtio-gpu,
/// 2 GiB, 2 CPUs, TCG unless real KVM exists.
/// </summary>
public sealed record QemuBoardOptions
{
    /// <summary>A vmlinux (PVH direct boot) or bzImage to boot instead of Debian's kernel, e.g. a build under
    /// bisection. Needs <see cref="ModulesRoot"/>.</summary>
    public string? KernelImage { get; init; }

    /// <summary>The INSTALL_MOD_PATH of the custom kernel's <c>make modules_install</c> (holds lib/modules/&lt;release&gt;).</summary>
    public string? ModulesRoot { get; init; }

    /// <summary>The release under <see cref="ModulesRoot"/>, when it holds more than one.</summary>
    public string? KernelRelease { get; init; }

    /// <summary>DRM modules to load, in this order (the order fixes the card numbering).</summary>
    public IReadOnlyList<string> Modules { get; init; } = ["vgem", "virtio_gpu"];

    public int MemoryMiB { get; init; } = 2048;

    public int Cpus { get; init; } = 2;

    public QemuAccelerator Accelerator { get; init; } = QemuAccelerator.Auto;

    /// <summary>The non-root user the agent runs as; it exists only inside the guest and is in group video.</summary>
    public string User { get; init; } = "hil";

    public int Uid { get; init; } = 4242;

    /// <summary>From starting QEMU to the guest's sshd accepting the test user (a cold kernel fetch included).</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a clean power-off may take before QEMU is killed.</summary>
    public TimeSpan PowerOffTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
