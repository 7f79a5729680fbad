using HilHarness.BoardAgent.Layout;
using HilHarness.BoardAgent.Protocol;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Clients;

/// <summary>
/// One ioctl in flight: its argument struct, the DRM file, and the <see cref="UserMemory"/> buffers its pointers
/// refer to (allocated before the call, freed after it). One instance per thread is reused, so a simple step
/// allocates nothing here.
/// </summary>
public sealed class IoctlCall
{
    [ThreadStatic] private static IoctlCall? current;

    private readonly byte[] storage = new byte[512];
    private readonly List<UserMemory.Buffer> buffers = [];
    private readonly Dictionary<string, UserMemory.Buffer> named = new(StringComparer.Ordinal);

    private IoctlCall() => Top = new StructFill(this);

    /// <summary>The argument struct being filled.</summary>
    public StructFill Top { get; }

    public OpContext Context { get; private set; } = null!;

    public IKernel Kernel => Context.Kernel;

    public int Fd { get; private set; }

    public IoctlOp Op { get; private set; } = null!;

    /// <summary>What the ioctl (or the last call of its sequence) returned; set before the out hooks run.</summary>
    public SyscallResult Result { get; internal set; }

    /// <summary>Args that steer the agent rather than fill a field (<c>size_only</c>, dev_query's <c>info</c>).</summary>
    public Dictionary<string, System.Text.Json.JsonElement> Options { get; } = new(StringComparer.Ordinal);

    internal static IoctlCall Begin(IoctlOp op, OpContext context, int fd)
    {
        var call = current ??= new IoctlCall();
        call.Op = op;
        call.Context = context;
        call.Fd = fd;
        call.Top.Reset(op.Shape, call.storage);
        return call;
    }

    /// <summary>A zeroed user buffer that lives until the call ends; <paramref name="name"/> (optional) lets an out
    /// hook find it again (e.g. the hang-state BO array the kernel fills).</summary>
    public UserMemory.Buffer Allocate(int length, string? name = null)
    {
        var buffer = UserMemory.Allocate(length);
        buffers.Add(buffer);
        if (name is not null) named[name] = buffer;
        return buffer;
    }

    /// <summary>A user buffer holding a copy of <paramref name="data"/>.</summary>
    public UserMemory.Buffer CopyOf(ReadOnlySpan<byte> data, string? name = null)
    {
        var buffer = Allocate(data.Length, name);
        data.CopyTo(buffer.Span);
        return buffer;
    }

    public UserMemory.Buffer? Named(string name) => named.GetValueOrDefault(name);

    /// <summary>The struct bytes as the kernel left them, read as field <paramref name="field"/>.</summary>
    public ulong Read(string field)
    {
        var f = Op.Shape[field];
        return ScalarKinds.Read(Top.Data, f.Offset, f.Kind);
    }

    /// <summary>The plain ioctl on <see cref="Top"/>.</summary>
    public SyscallResult Invoke() => Kernel.Ioctl(Fd, Op.Definition.Request, Top.Data);

    internal void End()
    {
        foreach (var buffer in buffers) buffer.Dispose();
        buffers.Clear();
        named.Clear();
        Options.Clear();
        Context = null!;
    }
}
