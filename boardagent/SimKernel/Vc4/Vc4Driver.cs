using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Vc4;

/// <summary>
/// The simulated vc4 driver (drivers/gpu/drm/vc4, V3D part) behind the simulated DRM core. Kernels 5.3 and later
/// share the binner BO by reference (per file from CREATE_BO/CREATE_SHADER_BO, per job with a binning config);
/// earlier kernels, and any kernel with E4, allocate it at probe and resume and free it at runtime suspend.
/// The other regressions of kernel-facts section E (E1, E2, E3, E5, E6, E7, E8) switch in the historical code paths.
/// This file holds the device state and the ioctl table; each concern lives in its own partial file.
/// </summary>
public sealed partial class Vc4Driver : ISimDriver, ISimDriverControl
{
    private const string RuntimeStatusPath = "/sys/bus/platform/devices/3fc00000.v3d/power/runtime_status";

    private readonly SimMachine machine;
    private readonly Vc4BoStore store;
    private readonly Vc4BinBo bin;
    private readonly Vc4RuntimePm pm;
    private readonly bool binBoFreedAtSuspend;

    public Vc4Driver(SimMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        this.machine = machine;
        store = new Vc4BoStore(machine);
        bin = new Vc4BinBo(machine, store);
        pm = new Vc4RuntimePm(machine.Clock, OnRuntimeSuspend, OnRuntimeResume);
        binBoFreedAtSuspend = machine.KernelVersion < new Version(5, 3) || machine.Has(Regression.E4);
        // vc4_v3d_bind(): before 5.3 the bin BO is allocated here; probe ends with the device idle.
        if (binBoFreedAtSuspend) bin.AllocateUnreferenced();
        pm.FinishBind(bindReferenceKept: machine.Has(Regression.E5));
    }

    public string Name => "vc4";

    public bool HasRenderNode => true;

    public bool Modeset => true;

    public bool SupportsTimelineSyncobj => false;

    public IReadOnlyList<IoctlDefinition> Ioctls => Vc4Ioctls.All;

    /// <summary>True while vc4->bin_bo exists.</summary>
    public bool BinBoExists => bin.Bo is not null;

    /// <summary>bin_bo_kref's count (0 without a bin BO, and always 0 with pre-5.3 semantics).</summary>
    public int BinBoRefCount => bin.RefCount;

    /// <summary>Which CMA allocation backs the bin BO (stable across reuse from the kernel BO cache), or 0.</summary>
    public long BinBoBackingId => bin.Bo?.BackingId ?? 0;

    /// <summary>bin_alloc_used: the occupied 512 KiB slots.</summary>
    public uint BinSlotsUsed => bin.SlotsUsed;

    /// <summary>Whether V3D_INTENA has OUTOMEM set.</summary>
    public bool OutOfMemoryInterruptEnabled => bin.OutOfMemoryInterruptEnabled;

    /// <summary>Runtime PM state of the V3D device.</summary>
    public bool RuntimeSuspended => pm.Suspended;

    /// <summary>BOs in the kernel BO cache.</summary>
    public int KernelBoCacheCount => store.CachedCount;

    /// <summary>(count, bytes) of a bo_stats label, e.g. "binner" or "kernel BO cache".</summary>
    public (int Count, long Bytes) LabelUsage(string label) => store.LabelUsage(label);

    public void Open(SimDrmFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        file.DriverPrivate = new Vc4File();
    }

    public SyscallResult Ioctl(SimDrmFile file, IoctlDefinition ioctl, Span<byte> arg)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(ioctl);
        var vf = FileState(file);
        var errno = (ioctl.Nr - IoctlCode.DrmCommandBase) switch
        {
            0x00 => SubmitCl(file, vf, arg),
            0x01 => WaitSeqno(arg),
            0x02 => WaitBo(file, arg),
            0x03 => CreateBo(file, vf, arg),
            0x04 => MmapBo(file, arg),
            0x05 => CreateShaderBo(file, vf, arg),
            0x06 => GetHangState(file, arg),
            0x07 => GetParam(arg),
            0x08 => SetTiling(file, arg),
            0x09 => GetTiling(file, arg),
            0x0a => LabelBo(file, arg),
            0x0b => GemMadvise(file, arg),
            0x0c => PerfmonCreate(vf, arg),
            0x0d => PerfmonDestroy(vf, arg),
            0x0e => PerfmonGetValues(vf, arg),
            _ => Errno.EINVAL,
        };
        return errno == Errno.None ? SyscallResult.Success() : SyscallResult.Fail(errno);
    }

    /// <summary>vc4_close(): drop the file's bin BO reference, then its perfmons.</summary>
    public void PostClose(SimDrmFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var vf = FileState(file);
        if (vf.BinBoUsed && !binBoFreedAtSuspend) bin.Put();
        vf.BinBoUsed = false;
        ClosePerfmons(vf);
        file.DriverPrivate = null;
    }

    public string? ReadDebugfs(string name) => name == "bo_stats" ? store.StatsText() : null;

    /// <summary>vc4 has no show_fdinfo: only the generic fdinfo lines exist.</summary>
    public string? ShowFdinfo(SimDrmFile file) => null;

    public string? ReadSysfs(string path) =>
        path == RuntimeStatusPath ? (pm.Suspended ? "suspended\n" : "active\n") : null;

    private static Vc4File FileState(SimDrmFile file) =>
        file.DriverPrivate as Vc4File
        ?? throw new InvalidOperationException($"vc4: DRM client {file.ClientId} was not opened through Vc4Driver.Open");
}
