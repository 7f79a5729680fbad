namespace HilHarness.SimKernel.Vc4;

/// <summary>struct vc4_file: the per-open-file state (drm_file.driver_priv).</summary>
internal sealed class Vc4File
{
    /// <summary>vc4_file::bin_bo_used: this file holds a binner BO reference (dropped at postclose).</summary>
    public bool BinBoUsed;

    /// <summary>vc4_file::perfmon.idr: ids from 1, lowest free first.</summary>
    public SortedDictionary<uint, Vc4Perfmon> Perfmons { get; } = [];

    /// <summary>idr_alloc(…, 1, …): the lowest free id from 1.</summary>
    public uint NextPerfmonId()
    {
        uint id = 1;
        while (Perfmons.ContainsKey(id)) id++;
        return id;
    }
}

/// <summary>struct vc4_perfmon: counters of up to 16 events, refcounted by the file's idr and by each job.</summary>
internal sealed class Vc4Perfmon(byte[] events)
{
    public byte[] Events { get; } = events;

    public ulong[] Counters { get; } = new ulong[events.Length];

    public int RefCount { get; set; } = 1;

    /// <summary>kfree()d: any further use is a use-after-free.</summary>
    public bool Freed { get; set; }

    public void Get() => RefCount++;

    /// <summary>vc4_perfmon_put().</summary>
    public void Put()
    {
        if (--RefCount == 0) Freed = true;
    }
}
