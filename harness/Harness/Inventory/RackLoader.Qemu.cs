using System.Text.Json;
using System.Text.RegularExpressions;
using HilHarness.Qemu;

namespace HilHarness.Inventory;

/// <summary>The <c>qemu</c> object of a <c>qemu</c> board, and the fields such a board must not have.</summary>
public static partial class RackLoader
{
    private static readonly string[] QemuFields =
        ["kernelImage", "modulesRoot", "kernelRelease", "modules", "memory", "cpus", "accel", "bootTimeout"];

    private static readonly string[] Accelerators = ["auto", "tcg", "kvm"];

    /// <summary>Fields the harness chooses itself for a VM it boots: a value in the rack could only contradict them.</summary>
    private static readonly string[] FieldsChosenForQemu = ["host", "port", "user", "identityFile", "knownHosts", "jumpHost", "acceptNewHostKey", "power"];

    private static QemuBoardOptions? ReadQemu(PositionedJson board, string? kind, string? kernel, FieldReader reader, string baseDirectory)
    {
        var node = reader.Member(board, "qemu");
        if (kind != BoardKinds.Qemu)
        {
            if (node is not null && kind is not null)
                reader.Error(node, $"only a \"qemu\" board takes a \"qemu\" object (this board's kind is \"{kind}\"); remove it or set \"kind\": \"qemu\"");
            return null;
        }
        if (kernel is not null && kernel != "linux")
            reader.Error(reader.Member(board, "kernel")!, $"a qemu board boots a real kernel: expected \"linux\", got \"{kernel}\" (the simulated kernel runs on \"local\" boards)");
        foreach (var field in FieldsChosenForQemu)
            if (reader.Member(board, field) is { } chosen)
                reader.Error(chosen, $"\"{field}\" is not set on a qemu board: the harness boots the guest, forwards a free loopback port to its sshd, " +
                    "generates and pins its host key and client key, and powers it on and off itself; remove it");
        if (node is null)
            return new QemuBoardOptions();
        if (!reader.Expect(node, JsonValueKind.Object, "an object with the guest's kernel and machine (kernelImage, modulesRoot, modules, memory, cpus, accel)"))
            return null;
        reader.RejectUnknown(node, QemuFields, "qemu field");

        string? image = reader.String(node, "kernelImage");
        string? modulesRoot = reader.String(node, "modulesRoot");
        string? release = reader.String(node, "kernelRelease", pattern: ReleasePattern(), patternText: "a kernel release such as \"6.1.0-56-amd64\"");
        if (image is not null && modulesRoot is null)
            reader.Error(reader.Member(node, "kernelImage")!, "a custom \"kernelImage\" needs \"modulesRoot\" (the INSTALL_MOD_PATH of its make modules_install, holding lib/modules/<release>)");
        if (modulesRoot is not null && image is null)
            reader.Error(reader.Member(node, "modulesRoot")!, "\"modulesRoot\" belongs to a custom \"kernelImage\"; without one the lane boots Debian's kernel with its own modules");
        if (release is not null && modulesRoot is null)
            reader.Error(reader.Member(node, "kernelRelease")!, "\"kernelRelease\" picks a release under \"modulesRoot\"; set \"kernelImage\" and \"modulesRoot\" too");

        var modules = reader.StringArray(node, "modules");
        if (modules is not null)
        {
            if (modules.Count == 0)
                reader.Error(reader.Member(node, "modules")!, "expected at least one DRM module to load (e.g. [\"vgem\", \"virtio_gpu\"])");
            foreach (var (name, item) in modules.Zip(reader.Member(node, "modules")!.Items))
                if (!ModulePattern().IsMatch(name))
                    reader.Error(item, $"expected a kernel module name (lower case, digits, '_' or '-'), got \"{name}\"");
        }
        int? memory = reader.Integer(node, "memory", 256, 65536);
        int? cpus = reader.Integer(node, "cpus", 1, 64);
        int? bootSeconds = reader.Integer(node, "bootTimeout", 10, 3600);
        QemuAccelerator? accel = null;
        if (reader.String(node, "accel") is { } text)
        {
            if (Accelerators.Contains(text))
                accel = Enum.Parse<QemuAccelerator>(text, ignoreCase: true);
            else
            {
                var near = EditDistance.Suggest(text, Accelerators);
                reader.Error(reader.Member(node, "accel")!, $"expected \"auto\", \"tcg\" or \"kvm\", got \"{text}\"" + (near is null ? "" : $" (did you mean \"{near}\"?)") +
                    "; \"auto\" uses KVM only where the host has real VMX/SVM (kvm_intel or kvm_amd), TCG otherwise");
            }
        }

        var defaults = new QemuBoardOptions();
        return defaults with
        {
            KernelImage = ResolvePath(image, baseDirectory),
            ModulesRoot = ResolvePath(modulesRoot, baseDirectory),
            KernelRelease = release,
            Modules = modules is { Count: > 0 } ? modules : defaults.Modules,
            MemoryMiB = memory ?? defaults.MemoryMiB,
            Cpus = cpus ?? defaults.Cpus,
            Accelerator = accel ?? defaults.Accelerator,
            BootTimeout = bootSeconds is { } s ? TimeSpan.FromSeconds(s) : defaults.BootTimeout,
        };
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ModulePattern();

    [GeneratedRegex(@"^[0-9][A-Za-z0-9._+-]*$")]
    private static partial Regex ReleasePattern();
}
