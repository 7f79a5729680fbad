namespace HilHarness.SimKernel.Panthor;

/// <summary>
/// struct panthor_heap: one tiler heap context of a pool. <see cref="Chunks"/> is heap->chunks with the list head
/// first: every new chunk (initial or grown) is pushed at the head. <see cref="ChunkCount"/> is kept separately, as
/// the kernel does, so that a lost update (E17b) shows as a count that disagrees with the list.
/// </summary>
internal sealed class PanthorHeap(uint id, uint chunkSize, uint maxChunks, uint targetInFlight)
{
    /// <summary>The pool slot; assigned by xa_alloc after the chunks in the current create order.</summary>
    public uint Id { get; set; } = id;

    public uint ChunkSize { get; } = chunkSize;

    public uint MaxChunks { get; } = maxChunks;

    public uint TargetInFlight { get; } = targetInFlight;

    /// <summary>heap->chunk_count (u32: a count decremented below zero wraps as in C).</summary>
    public uint ChunkCount { get; set; }

    public List<PanthorHeapChunk> Chunks { get; } = [];
}

/// <summary>struct panthor_heap_chunk plus what its 64-byte header holds: the encoded <c>next</c> link.</summary>
internal sealed class PanthorHeapChunk(PanthorKernelBo bo, ulong next, bool grown)
{
    public PanthorKernelBo Bo { get; } = bo;

    /// <summary>Header <c>next</c>: (previous head VA &amp; ~0xfff) | (chunk_size &gt;&gt; 12) for initial chunks after
    /// the first, 0 for the first one and for grown chunks (the firmware links those).</summary>
    public ulong Next { get; } = next;

    /// <summary>Allocated by a tiler OOM grow rather than at create.</summary>
    public bool Grown { get; } = grown;
}
