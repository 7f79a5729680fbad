using System.Runtime.CompilerServices;

namespace HilHarness.Uapi;

/// <summary>Which DRM nodes accept an ioctl and what permission it needs (the DRM_IOCTL_DEF flags).</summary>
[Flags]
public enum IoctlNodes
{
    None = 0,
    /// <summary>Accepted on the primary node <c>/dev/dri/cardN</c>.</summary>
    Primary = 1,
    /// <summary><c>DRM_RENDER_ALLOW</c>: also accepted on <c>/dev/dri/renderDN</c>.</summary>
    Render = 2,
    /// <summary><c>DRM_ROOT_ONLY</c>: non-root callers get EACCES from the DRM core.</summary>
    RootOnly = 4,
    /// <summary><c>DRM_AUTH</c>: the primary-node client must be authenticated (or master).</summary>
    Auth = 8,
    Any = Primary | Render,
}

/// <summary>
/// One row of the ioctl catalogue: the UAPI name, the protocol op name, the argument struct and where the ioctl is
/// accepted. The request number is derived from direction, nr and the struct's size, never typed in.
/// </summary>
public sealed class IoctlDefinition
{
    private readonly Func<Abi, int> sizeFor;

    private IoctlDefinition(string name, string op, IoctlDirection direction, byte nr, Type structType,
        Func<Abi, int> sizeFor, IoctlNodes nodes, string note)
    {
        Name = name;
        Op = op;
        Direction = direction;
        Nr = nr;
        StructType = structType;
        this.sizeFor = sizeFor;
        Nodes = nodes;
        Note = note;
        Request = RequestFor(AbiFacts.Current);
    }

    /// <summary>The UAPI macro name, e.g. <c>DRM_IOCTL_VC4_CREATE_BO</c>.</summary>
    public string Name { get; }

    /// <summary>The agent protocol op, e.g. <c>vc4.create_bo</c>.</summary>
    public string Op { get; }

    public IoctlDirection Direction { get; }

    /// <summary>The <c>_IOC_NR</c>: core ioctls use their own number, driver ioctls 0x40 + their index.</summary>
    public byte Nr { get; }

    /// <summary>The C# declaration of the argument struct (its name is the C struct name).</summary>
    public Type StructType { get; }

    /// <summary>The C struct name, e.g. <c>drm_vc4_create_bo</c>.</summary>
    public string StructName => StructType.Name;

    public IoctlNodes Nodes { get; }

    /// <summary>Where the ioctl comes from and anything a caller must know (header, kernel version).</summary>
    public string Note { get; }

    /// <summary>The request number for this process's ABI.</summary>
    public uint Request { get; }

    /// <summary>The argument size for an ABI.</summary>
    public int SizeFor(Abi abi) => sizeFor(abi);

    /// <summary>The request number for an ABI: <c>_IOC(dir, 'd', nr, sizeof(struct))</c>.</summary>
    public uint RequestFor(Abi abi) => IoctlCode.Encode(Direction, IoctlCode.DrmType, Nr, sizeFor(abi));

    /// <summary>A row whose struct has the same layout on every ABI (fixed-width fields only).</summary>
    internal static IoctlDefinition Fixed<T>(string name, string op, IoctlDirection direction, byte nr,
        IoctlNodes nodes, string note) where T : unmanaged
        => new(name, op, direction, nr, typeof(T), _ => Unsafe.SizeOf<T>(), nodes, note);

    /// <summary>A row whose struct size depends on the ABI.</summary>
    internal static IoctlDefinition AbiDependent<T>(string name, string op, IoctlDirection direction, byte nr,
        Func<Abi, int> sizeFor, IoctlNodes nodes, string note) where T : unmanaged
        => new(name, op, direction, nr, typeof(T), sizeFor, nodes, note);

    public override string ToString() => $"{Name} (0x{Request:x8}, struct {StructName})";
}
