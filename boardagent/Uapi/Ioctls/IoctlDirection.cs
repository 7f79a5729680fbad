namespace HilHarness.Uapi;

/// <summary>The <c>_IOC_DIR</c> bits of an ioctl request (asm-generic, used by x86, arm and arm64).</summary>
[Flags]
public enum IoctlDirection : uint
{
    None = 0,
    /// <summary><c>_IOC_WRITE</c>: user space writes the argument to the kernel (<c>_IOW</c>).</summary>
    Write = 1,
    /// <summary><c>_IOC_READ</c>: the kernel writes the argument back (<c>_IOR</c>).</summary>
    Read = 2,
    /// <summary><c>_IOWR</c>, which <c>DRM_IOWR</c> expands to.</summary>
    ReadWrite = Write | Read,
}

/// <summary>Encodes request numbers exactly as the kernel's <c>_IOC(dir, type, nr, size)</c> macro does.</summary>
public static class IoctlCode
{
    /// <summary><c>DRM_IOCTL_BASE</c>, the ioctl type byte of every DRM ioctl: 'd'.</summary>
    public const byte DrmType = (byte)'d';

    /// <summary><c>DRM_COMMAND_BASE</c>: driver-private ioctl nr 0 is 0x40.</summary>
    public const byte DrmCommandBase = 0x40;

    private const int NrShift = 0, TypeShift = 8, SizeShift = 16, DirShift = 30;
    private const int SizeBits = 14;

    /// <summary><c>(dir &lt;&lt; 30) | (size &lt;&lt; 16) | (type &lt;&lt; 8) | nr</c>.</summary>
    public static uint Encode(IoctlDirection direction, byte type, byte nr, int size)
    {
        if (size < 0 || size >= 1 << SizeBits)
            throw new ArgumentOutOfRangeException(nameof(size), size, "ioctl argument size must fit _IOC_SIZEBITS (14)");
        return ((uint)direction << DirShift) | ((uint)size << SizeShift) | ((uint)type << TypeShift) | ((uint)nr << NrShift);
    }

    /// <summary>The <c>_IOC_NR</c> part of a request.</summary>
    public static byte Nr(uint request) => (byte)(request >> NrShift);

    /// <summary>The <c>_IOC_TYPE</c> part of a request.</summary>
    public static byte Type(uint request) => (byte)(request >> TypeShift);

    /// <summary>The <c>_IOC_SIZE</c> part of a request.</summary>
    public static int Size(uint request) => (int)((request >> SizeShift) & ((1u << SizeBits) - 1));

    /// <summary>The <c>_IOC_DIR</c> part of a request.</summary>
    public static IoctlDirection Direction(uint request) => (IoctlDirection)(request >> DirShift);
}
