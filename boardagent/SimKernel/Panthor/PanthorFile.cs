namespace HilHarness.SimKernel.Panthor;

/// <summary>struct panthor_file: the file's VM pool (ids 1..32, XA_FLAGS_ALLOC1) and group pool (ids 1..128).</summary>
internal sealed class PanthorFile
{
    public const uint MaxVms = 32;
    public const uint MaxGroups = 128;

    public SortedDictionary<uint, PanthorVm> Vms { get; } = [];

    public SortedDictionary<uint, PanthorGroup> Groups { get; } = [];

    /// <summary>pfile->user_mmio.offset (SET_USER_MMIO_OFFSET; 1 &lt;&lt; 56 on a 64-bit task).</summary>
    public ulong UserMmioOffset { get; set; } = 1UL << 56;

    public static uint? LowestFree<T>(IReadOnlyDictionary<uint, T> ids, uint first, uint last)
    {
        for (uint id = first; id <= last; id++)
        {
            if (!ids.ContainsKey(id)) return id;
        }
        return null;
    }
}
