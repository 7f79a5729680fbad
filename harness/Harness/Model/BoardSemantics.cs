using HilHarness.Agent;

namespace HilHarness.Model;

/// <summary>
/// Which upstream behaviour a board's kernel has, chosen from its kernel and driver versions (kernel-facts A.1, C.2,
/// D.4) and what it lets the harness read. The model predicts from this, never from the board's name.
/// </summary>
public sealed record BoardSemantics(
    string Driver, Version Kernel, Version DriverVersion, bool DebugfsReadable, bool Simulated,
    int PageSize = 4096, int L2LineSize = 64)
{
    private static readonly Version BinBoOnDemand = new(5, 3);
    private static readonly Version PanthorMerged = new(6, 10);
    private static readonly Version PanthorFdinfo = new(6, 15);
    private static readonly Version PanthorVmXarrayLock = new(6, 12);
    private static readonly Version PanthorGemsList = new(6, 16);
    private static readonly Version Vc4PmReferenceReleased = new(7, 1);

    /// <summary>The agent runs as root: GET_HANG_STATE is DRM_ROOT_ONLY (kernel-facts A.11).</summary>
    public bool Root { get; init; } = true;

    /// <summary>Before 5.3 the bin BO is allocated at probe and freed at runtime suspend (kernel-facts A.1, E4).</summary>
    public bool Vc4BinBoAtProbe => Kernel < BinBoOnDemand;

    /// <summary>Before 6.10 only the v3 heap patch semantics existed (kernel-facts C.2 v3 column).</summary>
    public bool PanthorV3Heaps => Kernel < PanthorMerged;

    /// <summary>The ioctls take the VM xarray lock around lookup since 444fa5b100e5 (6.12-rc7; kernel-facts C.2 #14).</summary>
    public bool PanthorVmLookupLocked => Kernel >= PanthorVmXarrayLock;

    /// <summary><c>panthor-resident-memory</c> in fdinfo exists since the 6.15 merge window (kernel-facts D.4).</summary>
    public bool PanthorFdinfoKeys => Kernel >= PanthorFdinfo;

    /// <summary>debugfs <c>gems</c> exists since 2025 (6.16) and needs readable debugfs (kernel-facts D.4).</summary>
    public bool PanthorGems => Kernel >= PanthorGemsList && DebugfsReadable;

    /// <summary>
    /// V3D's <c>power/runtime_status</c> follows the 40 ms autosuspend only since aaefbdde9abd released bind's PM
    /// reference (kernel-facts E5, A.12 item 5; upstream in 7.1). From 266cff37d7fc (2022) until then V3D never
    /// suspends; the 6.18.y/6.19.y backports cannot be told from the version, so before 7.1 runtime PM is not
    /// predicted at all.
    /// </summary>
    public bool Vc4RuntimePmPredicted => Driver == "vc4" && Kernel >= Vc4PmReferenceReleased;

    /// <summary>vc4 <c>bo_stats</c> needs readable debugfs (kernel-facts A.12).</summary>
    public bool Vc4BoStats => DebugfsReadable;

    /// <summary>Context stride: ALIGN(HEAP_CONTEXT_SIZE = 32, L2 line size) (kernel-facts C.1).</summary>
    public ulong HeapContextStride => (ulong)Math.Max(32, L2LineSize);

    /// <summary>Pool context buffer size: ALIGN(128 × stride, 4096) (kernel-facts C.1).</summary>
    public ulong HeapPoolBytes => (128 * HeapContextStride + 4095) / 4096 * 4096;

    /// <summary>The semantics of driver <paramref name="driver"/> on the board that sent <paramref name="hello"/>.</summary>
    public static BoardSemantics FromHello(AgentHello hello, string driver)
    {
        var kernel = hello.KernelVersion
            ?? throw new ArgumentException($"board hello: kernel release '{hello.KernelRelease}' has no version number", nameof(hello));
        var drv = hello.Driver(driver)
            ?? throw new ArgumentException($"board hello: no '{driver}' driver (drivers: {string.Join(", ", hello.Drivers.Select(d => d.Name))})", nameof(hello));
        return new BoardSemantics(driver, kernel, drv.Version, hello.Debugfs, hello.Simulated) { Root = hello.Uid == 0 };
    }
}
