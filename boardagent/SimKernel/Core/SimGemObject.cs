namespace HilHarness.SimKernel.Core;

/// <summary>
/// A GEM object (struct drm_gem_object). The DRM core owns handles, flink names and PRIME; a driver subclasses
/// this for its BO type (vc4_bo, panthor_gem_object) and decides what the final unreference does
/// (<see cref="Free"/>: vc4 moves BOs into its kernel BO cache, panthor frees them).
/// </summary>
public abstract class SimGemObject(ulong size)
{
    /// <summary>Size in bytes, page aligned.</summary>
    public ulong Size { get; } = size;

    /// <summary>The kref: handles, dma-bufs, jobs and kernel users each hold one.</summary>
    public int RefCount { get; private set; } = 1;

    /// <summary>Number of handles (in any file) naming this object.</summary>
    public int HandleCount { get; internal set; }

    /// <summary>The flink name, or 0.</summary>
    public uint FlinkName { get; internal set; }

    /// <summary>True if this object came in through PRIME import.</summary>
    public bool Imported { get; init; }

    /// <summary>True once exported as a dma-buf.</summary>
    public bool Exported { get; internal set; }

    /// <summary>The fake mmap offset (drm_vma_offset), assigned on first MMAP_BO/MMAP_OFFSET.</summary>
    public ulong MmapOffset { get; internal set; }

    /// <summary>Number of live CPU mappings.</summary>
    public int MapCount { get; internal set; }

    /// <summary>Who created it, as debugfs "gems" shows it: comm and tgid.</summary>
    public string CreatedBy { get; init; } = AgentProcess;

    // Formatted once: every BO creation would otherwise allocate this string (the ioctl path must not allocate).
    private static readonly string AgentProcess = $"hil-agent/{Environment.ProcessId}";

    /// <summary>drm_gem_object_get().</summary>
    public void Get() => RefCount++;

    /// <summary>drm_gem_object_put(): on the last reference the driver's <see cref="Free"/> runs.</summary>
    public void Put()
    {
        if (RefCount <= 0) throw new InvalidOperationException("GEM object put below zero (simulator bug)");
        if (--RefCount != 0) return;
        Free();
        ReleasedByCore?.Invoke(this);
        ReleasedByCore = null;
    }

    /// <summary>What the simulated DRM core attached to the object (its CPU pages behind mmap) and releases after the
    /// driver's <see cref="Free"/>, as drm_gem_object_release runs after the driver's free callback.</summary>
    internal Action<SimGemObject>? ReleasedByCore { get; set; }

    /// <summary>The driver's free_object callback.</summary>
    protected abstract void Free();
}
