using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Tests.Support;

/// <summary>
/// The smallest driver that exercises the simulated DRM core: it borrows a few vc4 ioctl definitions
/// (CREATE_BO, MMAP_BO, GET_HANG_STATE for the root-only check, GET_PARAM as a racy probe) and records what the core
/// hands it. It has none of vc4's semantics.
/// </summary>
public sealed class TestDriver(SimMachine machine, bool modeset = true, bool renderNode = true, bool timeline = false)
    : ISimDriver, ISimDriverControl
{
    /// <summary>GET_PARAM param that makes the probe write its value and then fail with EIO.</summary>
    public const uint FailAfterWriteParam = 99;

    public string Name => "testgpu";
    public bool HasRenderNode => renderNode;
    public bool Modeset => modeset;
    public bool SupportsTimelineSyncobj => timeline;

    public IReadOnlyList<IoctlDefinition> Ioctls { get; } =
        [Vc4Ioctls.CreateBo, Vc4Ioctls.MmapBo, Vc4Ioctls.GetHangState, Vc4Ioctls.GetParam];

    /// <summary>Client ids whose postclose ran, in order.</summary>
    public List<int> PostClosed { get; } = [];

    /// <summary>Files opened so far.</summary>
    public List<SimDrmFile> Files { get; } = [];

    /// <summary>The argument bytes the last driver ioctl saw (after the core's copy-in).</summary>
    public byte[] LastArgument { get; private set; } = [];

    /// <summary>Order in which racing GET_PARAM calls passed their two halves ("3a", "3b", …).</summary>
    public List<string> RaceTrace { get; } = [];

    public void Open(SimDrmFile file) => Files.Add(file);

    public SyscallResult Ioctl(SimDrmFile file, IoctlDefinition ioctl, Span<byte> arg)
    {
        LastArgument = arg.ToArray();
        if (ioctl == Vc4Ioctls.CreateBo)
        {
            ref var create = ref MemoryMarshal.AsRef<drm_vc4_create_bo>(arg);
            if (create.size == 0) return SyscallResult.Fail(Errno.EINVAL);
            var bo = new TestBo((create.size + 4095UL) & ~4095UL);
            create.handle = file.CreateHandle(bo);
            bo.Put();
            return SyscallResult.Success();
        }
        if (ioctl == Vc4Ioctls.MmapBo)
        {
            ref var map = ref MemoryMarshal.AsRef<drm_vc4_mmap_bo>(arg);
            var obj = file.Lookup(map.handle);
            if (obj is null) return SyscallResult.Fail(Errno.EINVAL);
            map.offset = machine.AssignMmapOffset(obj);
            return SyscallResult.Success();
        }
        if (ioctl == Vc4Ioctls.GetParam)
        {
            ref var param = ref MemoryMarshal.AsRef<drm_vc4_get_param>(arg);
            param.value = 0x1234;
            if (param.param == FailAfterWriteParam) return SyscallResult.Fail(Errno.EIO);
            RaceTrace.Add(param.param + "a");
            machine.Cpu.PreemptionPoint();
            RaceTrace.Add(param.param + "b");
            return SyscallResult.Success();
        }
        return SyscallResult.Success(); // GET_HANG_STATE: only the core's root check matters here
    }

    public void PostClose(SimDrmFile file) => PostClosed.Add(file.ClientId);

    public SimGemObject? CreateDumb(SimDrmFile file, ulong size, out Errno errno)
    {
        errno = Errno.None;
        return new TestBo(size);
    }

    public SimGemObject? ImportDmaBuf(ulong size, out Errno errno)
    {
        errno = Errno.None;
        return new TestBo(size) { Imported = true };
    }

    public Errno CanExport(SimGemObject obj) => obj is TestBo { RefuseExport: true } ? Errno.EINVAL : Errno.None;

    public Errno CanMap(SimGemObject obj, MapProtection protection) => Errno.None;

    public string? ReadDebugfs(string name) => name == "bo_stats" ? "testgpu bo_stats\n" : null;

    public string? ShowFdinfo(SimDrmFile file) => $"drm-driver:\ttestgpu\ndrm-client-id:\t{file.ClientId}\n";

    public string? ReadSysfs(string path) => path == "/sys/class/testgpu/state" ? "idle\n" : null;

    public int CompleteJobs(int max) => 0;

    public void RuntimeSuspend() { }

    public void RuntimeResume() { }

    public SimTilerOomResult TilerOom(SimDrmFile file, uint groupHandle, uint queueIndex, ulong heapContextVa,
        uint renderPassesInFlight, uint pendingFragments) => new((int)Errno.ENODEV, 0, false);

    public string DescribeState() => $"testgpu: {Files.Count} files opened\n";
}
