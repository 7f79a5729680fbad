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
