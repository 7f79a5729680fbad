using HilHarness.SimKernel.Core;

namespace HilHarness.SimKernel.Vc4;

/// <summary>
/// struct vc4_bo: a DMA (CMA) buffer with a label slot, a madvise state, a use count held by jobs, the seqno of the
/// last job that used it, and (for shader BOs) the validated shader. The final unreference hands it back to
/// <see cref="Vc4BoStore"/>, which caches or destroys it (vc4_free_object).
/// </summary>
internal sealed class Vc4Bo : SimGemObject
{
    private readonly Vc4BoStore store;

    public Vc4Bo(Vc4BoStore store, ulong size, long backingId) : base(size)
    {
        this.store = store;
        BackingId = backingId;
    }

    /// <summary>Identity of the CMA allocation behind this BO; a BO reused from the kernel BO cache keeps it.</summary>
    public long BackingId { get; }

    /// <summary>False once purged or destroyed (bo->base.vaddr == NULL).</summary>
    public bool HasBacking { get; set; } = true;

    /// <summary>Index into the label table (bo->label), or -1 once destroyed.</summary>
    public int Label { get; set; } = -1;

    public Vc4Madv Madv { get; set; } = Vc4Madv.NotSupported;

    /// <summary>bo->usecnt: jobs and dma-buf exports that need the contents.</summary>
    public int UseCount { get; set; }

    /// <summary>bo->seqno: the last job that referenced it.</summary>
    public ulong Seqno { get; set; }

    /// <summary>bo->t_format (SET_TILING with the T-tiled modifier).</summary>
    public bool TFormat { get; set; }

    /// <summary>bo->validated_shader, for CREATE_SHADER_BO objects.</summary>
    public Vc4ValidatedShader? ValidatedShader { get; set; }

    /// <summary>Virtual time of the free that put it in the kernel BO cache (bo->free_time).</summary>
    public long FreeTimeNs { get; set; }

    /// <summary>True while it sits in the kernel BO cache.</summary>
    public bool InCache { get; set; }

    /// <summary>True while it sits in the userspace purgeable pool.</summary>
    public bool InPurgeablePool { get; set; }

    protected override void Free() => store.FreeObject(this);
}
