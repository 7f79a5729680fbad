using System.Globalization;
using System.Text;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Vc4;

/// <summary>
/// vc4_bo.c's allocator state: the label table that debugfs <c>bo_stats</c> prints, the kernel BO cache (freed BOs
/// kept by page count and evicted 1–2 s later), and the userspace purgeable pool (madvise DONTNEED BOs that
/// allocation pressure may purge). Backing memory comes from the machine's CMA pool.
/// </summary>
internal sealed class Vc4BoStore
{
    private const long OneSecondNs = 1_000_000_000;

    private static readonly string[] TypeNames =
        ["kernel", "V3D", "V3D shader", "dumb", "binner", "RCL", "BCL", "kernel BO cache"];

    private readonly SimMachine machine;
    private readonly List<Label> labels = TypeNames.Select(n => new Label(n)).ToList();
    // bo_cache.time_list: most recently freed first (list_add), evicted from the end.
    private readonly LinkedList<Vc4Bo> cacheByTime = new();
    private readonly List<Vc4Bo> purgeable = [];
    private long nextBackingId = 1;
    private (long Id, long Due)? cacheTimer;

    public Vc4BoStore(SimMachine machine) => this.machine = machine;

    public long PurgedSize { get; private set; }

    public int PurgedCount { get; private set; }

    public int CachedCount => cacheByTime.Count;

    private ulong PageSize => (ulong)machine.Profile.PageSize;

    /// <summary>vc4_bo_create(): a BO of at least <paramref name="unalignedSize"/> bytes, reusing a cached BO with the
    /// same page count first; on CMA exhaustion purges the kernel cache, then the purgeable pool, then fails.</summary>
    public Vc4Bo? Create(ulong unalignedSize, Vc4BoType type, out Errno errno)
    {
        ulong size = (unalignedSize + PageSize - 1) / PageSize * PageSize;
        errno = Errno.None;
        if (size == 0 || size < unalignedSize)
        {
            errno = Errno.EINVAL;
            return null;
        }
        var cached = TakeFromCache(size, type);
        if (cached is not null) return cached;
        if (!machine.Allocator.TryAllocateCma((long)size))
        {
            PurgeCache();
            if (!machine.Allocator.TryAllocateCma((long)size))
            {
                PurgeUserspaceCache();
                if (!machine.Allocator.TryAllocateCma((long)size))
                {
                    machine.Log(SimKmsg.Err, "vc4-drm soc:gpu: [drm] *ERROR* Failed to allocate from GEM DMA helper:");
                    foreach (var line in StatsText().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                        machine.Log(SimKmsg.Info, "vc4-drm soc:gpu: " + line);
                    errno = Errno.ENOMEM;
                    return null;
                }
            }
        }
        var bo = new Vc4Bo(this, size, nextBackingId++);
        SetLabel(bo, (int)type);
        return bo;
    }

    /// <summary>vc4_create_object(): the wrapper for a PRIME-imported buffer (foreign memory, labelled "kernel").</summary>
    public Vc4Bo CreateImported(ulong size)
    {
        var bo = new Vc4Bo(this, size, nextBackingId++) { Imported = true, Madv = Vc4Madv.WillNeed };
        SetLabel(bo, (int)Vc4BoType.Kernel);
        return bo;
    }

    /// <summary>vc4_free_object(): the last reference went; cache the BO or destroy it.</summary>
    public void FreeObject(Vc4Bo bo)
    {
        if (bo.Madv == Vc4Madv.DontNeed && bo.UseCount == 0) RemoveFromPurgeablePool(bo);
        if (bo.Imported || bo.FlinkName != 0 || !bo.HasBacking)
        {
            Destroy(bo);
            return;
        }
        bo.ValidatedShader = null;
        bo.Madv = Vc4Madv.NotSupported;
        bo.UseCount = 0;
        bo.TFormat = false;
        bo.FreeTimeNs = machine.Clock.NowNs;
        bo.InCache = true;
        cacheByTime.AddFirst(bo);
        SetLabel(bo, (int)Vc4BoType.KernelCache);
        FreeOldCacheEntries();
    }

    /// <summary>vc4_bo_set_label(): moves the BO's size and count to another label; a user label slot whose count
    /// reaches zero is freed for reuse. The new label is counted first, as the kernel does, so relabelling a BO with
    /// the name it already has keeps the slot (kernel-facts A.10).</summary>
    public void SetLabel(Vc4Bo bo, int label)
    {
        if (label != -1)
        {
            labels[label].Count++;
            labels[label].Bytes += (long)bo.Size;
        }
        if (bo.Label != -1)
        {
            var old = labels[bo.Label];
            old.Count--;
            old.Bytes -= (long)bo.Size;
            if (bo.Label >= TypeNames.Length && old.Count == 0) old.Name = null;
        }
        bo.Label = label;
    }

    /// <summary>vc4_get_user_label(): the slot already holding <paramref name="name"/> (type names included), else a
    /// free user slot, else a new one; -1 if the label table cannot grow (ENOMEM).</summary>
    public int GetUserLabel(string name)
    {
        int freeSlot = -1;
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i].Name is null) freeSlot = i;
            else if (labels[i].Name == name) return i;
        }
        if (freeSlot != -1)
        {
            labels[freeSlot].Name = name;
            return freeSlot;
        }
        if (!machine.Allocator.TryAllocate()) return -1; // krealloc of the label array
        labels.Add(new Label(name));
        return labels.Count - 1;
    }

    public void AddToPurgeablePool(Vc4Bo bo)
    {
        if (bo.InPurgeablePool) return;
        bo.InPurgeablePool = true;
        purgeable.Add(bo);
    }

    public void RemoveFromPurgeablePool(Vc4Bo bo)
    {
        if (!bo.InPurgeablePool) return;
        bo.InPurgeablePool = false;
        purgeable.Remove(bo);
    }

    /// <summary>vc4_bo_userspace_cache_purge(): frees the memory of every DONTNEED BO nobody uses.</summary>
    public void PurgeUserspaceCache()
    {
        foreach (var bo in purgeable.ToList())
        {
            if (bo.Madv != Vc4Madv.DontNeed || bo.UseCount != 0) continue;
            RemoveFromPurgeablePool(bo);
            machine.Allocator.FreeCma((long)bo.Size);
            bo.HasBacking = false;
            bo.Madv = Vc4Madv.Purged;
            PurgedSize += (long)bo.Size;
            PurgedCount++;
        }
    }

    /// <summary>vc4_bo_cache_purge(): destroys every cached BO.</summary>
    public void PurgeCache()
    {
        while (cacheByTime.Last is { } last)
        {
            cacheByTime.RemoveLast();
            last.Value.InCache = false;
            Destroy(last.Value);
        }
    }

    /// <summary>vc4_bo_stats_print(): one "%30s: %6dkb BOs (%d)" line per label in use, then the purgeable pool and
    /// the purged total when non-zero.</summary>
    public string StatsText()
    {
        var sb = new StringBuilder();
        foreach (var label in labels)
        {
            if (label.Count == 0) continue;
            Line(sb, label.Name ?? "", label.Bytes, label.Count);
        }
        if (purgeable.Count > 0) Line(sb, "userspace BO cache", purgeable.Sum(b => (long)b.Size), purgeable.Count);
        if (PurgedCount > 0) Line(sb, "total purged BO", PurgedSize, PurgedCount);
        return sb.ToString();
    }

    /// <summary>(count, bytes) of a label by name, for state dumps and tests.</summary>
    public (int Count, long Bytes) LabelUsage(string name)
    {
        var label = labels.FirstOrDefault(l => l.Name == name);
        return label is null ? (0, 0) : (label.Count, label.Bytes);
    }

    private static void Line(StringBuilder sb, string name, long bytes, int count)
        => sb.Append(string.Format(CultureInfo.InvariantCulture, "{0,30}: {1,6}kb BOs ({2})\n", name, bytes / 1024, count));

    // vc4_bo_get_from_cache(): the most recently freed BO of exactly this page count.
    private Vc4Bo? TakeFromCache(ulong size, Vc4BoType type)
    {
        for (var node = cacheByTime.First; node is not null; node = node.Next)
        {
            if (node.Value.Size != size) continue;
            var old = node.Value;
            cacheByTime.Remove(node);
            old.InCache = false;
            // A reused cache entry is a fresh kref on the same memory: a new object with the old backing.
            var bo = new Vc4Bo(this, size, old.BackingId);
            SetLabel(old, -1);
            SetLabel(bo, (int)type);
            return bo;
        }
        return null;
    }

    // vc4_bo_cache_free_old(): evict entries freed at least 1 s ago; re-arm the timer at the next whole second
    // after +1 s (round_jiffies_up), which is why eviction lands 1–2 s after the free.
    private void FreeOldCacheEntries()
    {
        long expire = machine.Clock.NowNs - OneSecondNs;
        while (cacheByTime.Last is { } last)
        {
            if (expire < last.Value.FreeTimeNs)
            {
                ArmCacheTimer((machine.Clock.NowNs + OneSecondNs + OneSecondNs - 1) / OneSecondNs * OneSecondNs);
                return;
            }
            cacheByTime.RemoveLast();
            last.Value.InCache = false;
            Destroy(last.Value);
        }
    }

    // mod_timer(): one timer, moved to the new deadline. Frees within the same second share a deadline, so the
    // clock's queue does not grow with every free.
    private void ArmCacheTimer(long due)
    {
        if (cacheTimer is { } armed)
        {
            if (armed.Due == due) return;
            machine.Clock.Cancel(armed.Id);
        }
        long id = machine.Clock.At(due, () =>
        {
            cacheTimer = null;
            FreeOldCacheEntries();
        });
        cacheTimer = (id, due);
    }

    // vc4_bo_destroy(): drop the label and give the memory back.
    private void Destroy(Vc4Bo bo)
    {
        SetLabel(bo, -1);
        if (bo.HasBacking && !bo.Imported) machine.Allocator.FreeCma((long)bo.Size);
        bo.HasBacking = false;
    }

    private sealed class Label(string name)
    {
        public string? Name { get; set; } = name;
        public int Count { get; set; }
        public long Bytes { get; set; }
    }
}
