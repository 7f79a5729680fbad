using HilHarness.SimKernel.Core;

namespace HilHarness.SimKernel.Vc4;

/// <summary>struct vc4_exec_info once queued: what the job holds until vc4_complete_exec() releases it.</summary>
internal sealed class Vc4Job
{
    public ulong Seqno { get; set; }

    /// <summary>exec->bo: the looked-up BOs, each holding a GEM reference and a usecnt.</summary>
    public List<Vc4Bo> Bos { get; } = [];

    /// <summary>exec->unref_list: the BCL and RCL BOs.</summary>
    public List<Vc4Bo> UnrefList { get; } = [];

    /// <summary>exec->bin_slots.</summary>
    public uint BinSlots { get; set; }

    /// <summary>exec->bin_bo_used: this job holds a binner BO reference.</summary>
    public bool BinBoUsed;

    public Vc4Perfmon? Perfmon { get; set; }

    public SimFence Fence { get; } = new();

    /// <summary>Virtual time the GPU started it (it finishes 1 ms later unless completed earlier).</summary>
    public long StartedAtNs { get; set; } = -1;

    public long CompletionTimer { get; set; } = -1;
}
