using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>
/// drm_ioctl() (drivers/gpu/drm/drm_ioctl.c): decodes the request, finds the core or driver ioctl by _IOC_NR,
/// copies the user argument in (the smaller of the user's and kernel's size, zero-extended to the kernel's), checks
/// the node permissions, runs the handler and, for _IOC_READ requests, copies the user's size back even when the
/// handler failed. Lookups are array indexes and the argument lives on the stack: no allocation per call.
/// </summary>
internal sealed class DrmIoctlDispatcher
{
    private const int DriverBase = IoctlCode.DrmCommandBase, DriverEnd = 0xA0;
    private const uint IocIn = (uint)IoctlDirection.Write << 30, IocOut = (uint)IoctlDirection.Read << 30;
    private const int StackArgumentBytes = 256;

    private readonly DrmDevice device;
    private readonly IoctlDefinition?[] core = new IoctlDefinition?[256];
    private readonly CoreIoctlHandler?[] coreHandlers = new CoreIoctlHandler?[256];
    private readonly IoctlDefinition?[] driver = new IoctlDefinition?[DriverEnd - DriverBase];
    private readonly bool isRoot;

    public DrmIoctlDispatcher(DrmDevice device)
    {
        this.device = device;
        isRoot = device.Machine.Options.IsRoot;
        foreach (var (definition, handler) in CoreIoctlTable.For(device.Machine.KernelVersion))
        {
            core[definition.Nr] = definition;
            coreHandlers[definition.Nr] = handler;
        }
        foreach (var definition in device.Driver.Ioctls)
        {
            if (definition.Nr is < DriverBase or >= DriverEnd)
                throw new ArgumentException($"driver {device.Driver.Name}: ioctl {definition.Name} has nr 0x{definition.Nr:x2} outside the driver range 0x40..0x9f");
            driver[definition.Nr - DriverBase] = definition;
        }
    }

    /// <summary>The ioctl <paramref name="request"/> would run on this device, or null (ENOTTY/EINVAL).</summary>
    public IoctlDefinition? Find(uint request)
    {
        if (IoctlCode.Type(request) != IoctlCode.DrmType) return null;
        int nr = IoctlCode.Nr(request);
        return nr is >= DriverBase and < DriverEnd ? driver[nr - DriverBase] : core[nr];
    }

    /// <summary>ioctl(2) on a DRM node.</summary>
    public SyscallResult Ioctl(DrmOpenFile file, uint request, Span<byte> arg)
    {
        if (IoctlCode.Type(request) != IoctlCode.DrmType) return SyscallResult.Fail(Errno.ENOTTY);
        int nr = IoctlCode.Nr(request);
        bool isDriverIoctl = nr is >= DriverBase and < DriverEnd;
        var definition = isDriverIoctl ? driver[nr - DriverBase] : core[nr];
        if (definition is null) return SyscallResult.Fail(Errno.EINVAL);

        uint kernelRequest = definition.Request;
        int kernelSize = IoctlCode.Size(kernelRequest);
        int userSize = IoctlCode.Size(request);
        int inSize = (request & kernelRequest & IocIn) != 0 ? userSize : 0;
        int outSize = (request & kernelRequest & IocOut) != 0 ? userSize : 0;
        int size = Math.Max(Math.Max(inSize, outSize), kernelSize);

        Span<byte> kdata = size <= StackArgumentBytes ? stackalloc byte[StackArgumentBytes] : new byte[size];
        kdata = kdata[..size];
        if (inSize > arg.Length) return SyscallResult.Fail(Errno.EFAULT);
        arg[..inSize].CopyTo(kdata);
        kdata[inSize..].Clear();

        var result = Permit(definition.Nodes, file);
        if (result.Ok)
        {
            result = isDriverIoctl
                ? device.Driver.Ioctl(file.File, definition, kdata[..kernelSize])
                : Run(coreHandlers[nr]!, file, kdata);
        }

        if (outSize > 0)
        {
            if (outSize > arg.Length) return SyscallResult.Fail(Errno.EFAULT);
            kdata[..outSize].CopyTo(arg);
        }
        return result;
    }

    private SyscallResult Run(CoreIoctlHandler handler, DrmOpenFile file, Span<byte> kdata)
    {
        var errno = handler(device, file, kdata);
        return errno == Errno.None ? SyscallResult.Success() : SyscallResult.Fail(errno);
    }

    // drm_ioctl_permit(), in its order: root only, then auth, then render-node permission.
    private SyscallResult Permit(IoctlNodes nodes, DrmOpenFile file)
    {
        if ((nodes & IoctlNodes.RootOnly) != 0 && !isRoot) return SyscallResult.Fail(Errno.EACCES);
        bool render = file.File.RenderNode;
        if ((nodes & IoctlNodes.Auth) != 0 && !render && !file.Authenticated) return SyscallResult.Fail(Errno.EACCES);
        if ((nodes & IoctlNodes.Render) == 0 && render) return SyscallResult.Fail(Errno.EACCES);
        return SyscallResult.Success();
    }
}
