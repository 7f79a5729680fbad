using System.Runtime.InteropServices;

namespace HilHarness.Uapi;

/// <summary>The user-space ABIs HilHarness knows the kernel UAPI for.</summary>
public enum Abi
{
    /// <summary>x86_64 LP64: the host, CI and QEMU guests.</summary>
    X86_64,
    /// <summary>aarch64 LP64: 64-bit Raspberry Pi OS, RK3588 boards.</summary>
    Aarch64,
    /// <summary>32-bit ARM EABI hard-float (ILP32): 32-bit Raspberry Pi OS on Pi 0–3.</summary>
    Armhf,
}

/// <summary>Facts about an ABI that change struct layouts: pointer and <c>size_t</c> width.</summary>
public static class AbiFacts
{
    /// <summary>The ABI this process runs under.</summary>
    public static Abi Current { get; } = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => Abi.X86_64,
        Architecture.Arm64 => Abi.Aarch64,
        Architecture.Arm => Abi.Armhf,
        var other => throw new PlatformNotSupportedException($"no UAPI layouts for process architecture {other}"),
    };

    /// <summary>Width in bytes of a pointer, <c>long</c> and <c>size_t</c>.</summary>
    public static int PointerSize(Abi abi) => abi == Abi.Armhf ? 4 : 8;

    /// <summary>The name the layout file and <c>uname -m</c> style reports use.</summary>
    public static string Name(Abi abi) => abi switch
    {
        Abi.X86_64 => "x86_64",
        Abi.Aarch64 => "aarch64",
        Abi.Armhf => "armhf",
        _ => throw new ArgumentOutOfRangeException(nameof(abi)),
    };

    /// <summary>Parses "x86_64", "aarch64" or "armhf".</summary>
    public static bool TryParse(string name, out Abi abi)
    {
        foreach (var candidate in Enum.GetValues<Abi>())
        {
            if (Name(candidate) == name) { abi = candidate; return true; }
        }
        abi = default;
        return false;
    }
}
