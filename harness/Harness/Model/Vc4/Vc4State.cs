using System.Collections.Immutable;

namespace HilHarness.Model.Vc4;

/// <summary>The vc4 driver as the model sees it (kernel-facts A.3–A.11).</summary>
public sealed record Vc4State(
    BoardSemantics Sem,
    long Now,
    ImmutableSortedDictionary<string, Vc4File> Files,
    ImmutableSortedDictionary<string, Vc4Bo> Bos,
    Vc4BinBo BinBo,
    ImmutableList<Vc4CachedBo> Cache,
    ImmutableSortedDictionary<string, Vc4Job> Jobs,
    ImmutableSortedDictionary<string, string> Perfmons,
    ImmutableSortedDictionary<string, Vc4Mapping> Maps,
    ImmutableSortedDictionary<string, string> MmapOffsets,
    bool Suspended) : ModelState(Sem, Now)
{
    public const int BinBoPages = 16 * 1024 * 1024 / 4096;

    /// <summary>Runtime PM users (power_refcount): each unfinished job holds one (kernel-facts A.7).</summary>
    public int PmUsers { get; init; }

    /// <summary>When the device last became idle (pm_runtime_mark_last_busy); autosuspend follows 40 ms later.</summary>
    public long LastBusyMs { get; init; }

    /// <summary>A simulated board's CMA pool is full (<c>sim.inject cma-fill</c>; see <see cref="Vc4Cma"/>).</summary>
    public bool CmaFilled { get; init; }

    /// <summary>Since the fill, memory may have gone back to CMA (a BO was in the kernel BO cache).</summary>
    public bool CmaMayHaveFreed { get; init; }

    /// <summary>A simulated board will hang the next job its GPU starts (<c>sim.inject gpu-hang</c>; see <see cref="Vc4Hang"/>).</summary>
    public bool GpuHangPlanned { get; init; }

    /// <summary>The job the GPU hangs on, until the hang check resets the GPU or <c>sim.complete_jobs</c> finishes it.</summary>
    public string? HungJob { get; init; }

    /// <summary>When <see cref="HungJob"/> started on the GPU (the hang check's timers count from there).</summary>
    public long HungJobStartMs { get; init; }

    /// <summary>The state vc4_save_hang_state() saved at a reset, until GET_HANG_STATE takes it.</summary>
    public Vc4HangState? HangState { get; init; }

    /// <summary>The handles GET_HANG_STATE gave out; each keeps its BO until its file is released.</summary>
    public ImmutableList<Vc4HangHandle> HangHandles { get; init; } = [];

    // Symbols are ASCII and the harness runs with invariant globalization, where the default comparer already orders
    // ordinally; the explicit ordinal comparer gives the same order without the culture-aware comparison's cost (a
    // quarter of generation time went to it).
    public static Vc4State Initial(BoardSemantics semantics) => new(
        semantics, 0, Symbols<Vc4File>(), Symbols<Vc4Bo>(),
        // Before 5.3 the bin BO is allocated when V3D binds (kernel-facts A.1).
        new Vc4BinBo(semantics.Vc4BinBoAtProbe, ImmutableSortedSet.Create<string>(StringComparer.Ordinal), ImmutableSortedSet.Create<string>(StringComparer.Ordinal)),
        [], Symbols<Vc4Job>(), Symbols<string>(), Symbols<Vc4Mapping>(), Symbols<string>(), false);

    private static ImmutableSortedDictionary<string, T> Symbols<T>() => ImmutableSortedDictionary.Create<string, T>(StringComparer.Ordinal);

    /// <summary>A BO the file can still name by its handle.</summary>
    public Vc4Bo? Handle(string file, string? symbol) =>
        symbol is not null && Bos.TryGetValue(symbol, out var bo) && bo.File == file && bo.HandleOpen ? bo : null;
}

/// <summary>An open DRM file: whether its fd is open, how many mappings keep its struct file alive, and whether it
/// holds its per-file bin BO reference (vc4_file::bin_bo_used).</summary>
public sealed record Vc4File(string Name, bool FdOpen, int Mappings, bool BinBoUsed)
{
    public bool Alive => FdOpen || Mappings > 0;
}

/// <summary>A GEM object: its label in bo_stats, pages, madvise state, job use count, and who still references it.</summary>
public sealed record Vc4Bo(
    string Symbol, string File, string Label, int Pages, Vc4Madv Madv, int UseCount, bool HandleOpen, int Mappings,
    bool Shader, ulong TilingModifier)
{
    /// <summary>Alive while a handle, a mapping, a job or a GPU hang's saved state (or a handle it gave out)
    /// references it.</summary>
    public bool Referenced(Vc4State s) => HandleOpen || Mappings > 0 || s.Jobs.Values.Any(j => !j.Done && j.Bos.Contains(Symbol))
        || (s.HangState?.Bos.Contains(Symbol) ?? false) || s.HangHandles.Any(h => h.Bo == Symbol);
}

public enum Vc4Madv { WillNeed = 0, DontNeed = 1, Purged = 2, NotSupported = 3 }

/// <summary>The bin BO: whether it exists, the files that grabbed it, the in-flight jobs that hold it.</summary>
public sealed record Vc4BinBo(bool Exists, ImmutableSortedSet<string> FileOwners, ImmutableSortedSet<string> JobOwners)
{
    public bool Unowned => FileOwners.IsEmpty && JobOwners.IsEmpty;
}

/// <summary>A freed BO waiting in the kernel BO cache (kernel-facts A.8); <see cref="Pages"/> is null when the model
/// cannot know the size (RCL/BCL); <see cref="MaybeGone"/> when it may have been reused. <see cref="StandInFreedAtMs"/>
/// is set when a create may have reused this entry instead of an older one of the same count: the older one (freed
/// then) may be in the cache in its place, so the place is certainly filled only while that one would be.</summary>
public sealed record Vc4CachedBo(int? Pages, long FreedAtMs, bool MaybeGone, long? StandInFreedAtMs = null)
{
    /// <summary>Certainly in the cache at <paramref name="nowMs"/>: not possibly reused, and it (or the older entry
    /// that may stand in for it) was freed less than 1 s ago, before any eviction check could free it.</summary>
    public bool CertainlyThere(long nowMs) => !MaybeGone && nowMs - (StandInFreedAtMs ?? FreedAtMs) < Vc4Lifetimes.CacheCertainlyThereMs;
}

/// <summary>A submitted job: the file, whether it holds a bin BO reference, its BOs, and whether it has completed.</summary>
public sealed record Vc4Job(string Symbol, string File, bool HoldsBinBo, ImmutableList<string> Bos, bool HasBcl, bool Done)
{
    /// <summary>When it completes on a simulated board (1 ms of GPU time after the job before it); also the order
    /// jobs complete in.</summary>
    public long DoneAtMs { get; init; }
}

/// <summary>A live CPU mapping of a BO (holds the struct file and the BO).</summary>
public sealed record Vc4Mapping(string File, string Bo);

/// <summary>A saved GPU hang state (vc4_save_hang_state): a reference on each BO of the hung job, the user's
/// <see cref="Bos"/> by symbol and the job's RCL and BCL (<see cref="KernelBos"/>, by bo_stats label: the model
/// does not know their sizes).</summary>
public sealed record Vc4HangState(ImmutableList<string> Bos, ImmutableList<string> KernelBos)
{
    public int Count => Bos.Count + KernelBos.Count;
}

/// <summary>A handle GET_HANG_STATE created in <see cref="File"/>: for a user BO (<see cref="Bo"/>) or a job's RCL
/// or BCL (<see cref="KernelLabel"/>).</summary>
public sealed record Vc4HangHandle(string File, string? Bo, string? KernelLabel);
