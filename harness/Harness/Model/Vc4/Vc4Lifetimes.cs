namespace HilHarness.Model.Vc4;

/// <summary>Reference rules of the bin BO and of GEM objects (kernel-facts A.4, A.8, A.9).</summary>
internal static class Vc4Lifetimes
{
    /// <summary>vc4_grab_bin_bo: once per file; allocates the bin BO (reusing a cached 16 MiB buffer) when none exists.
    /// Before 5.3 there is nothing to grab: the BO lives from probe (kernel-facts A.1).</summary>
    public static Vc4State GrabForFile(Vc4State s, string file)
    {
        if (s.Sem.Vc4BinBoAtProbe || s.Files[file].BinBoUsed) return s;
        s = EnsureBinBo(s);
        return s with
        {
            Files = s.Files.SetItem(file, s.Files[file] with { BinBoUsed = true }),
            BinBo = s.BinBo with { FileOwners = s.BinBo.FileOwners.Add(file) },
        };
    }

    public static Vc4State GrabForJob(Vc4State s, string job) =>
        s.Sem.Vc4BinBoAtProbe ? s : EnsureBinBo(s) is var t ? t with { BinBo = t.BinBo with { JobOwners = t.BinBo.JobOwners.Add(job) } } : s;

    private static Vc4State EnsureBinBo(Vc4State s) =>
        s.BinBo.Exists ? s : TakeFromCache(s, Vc4State.BinBoPages) with { BinBo = s.BinBo with { Exists = true } };

    public static Vc4State ReleaseFile(Vc4State s, string file) =>
        ReleaseBinIfUnowned(s with { BinBo = s.BinBo with { FileOwners = s.BinBo.FileOwners.Remove(file) } });

    public static Vc4State ReleaseJob(Vc4State s, string job) =>
        ReleaseBinIfUnowned(s with { BinBo = s.BinBo with { JobOwners = s.BinBo.JobOwners.Remove(job) } });

    /// <summary>bin_bo_release at the last reference: the 16 MiB BO goes to the kernel BO cache.</summary>
    private static Vc4State ReleaseBinIfUnowned(Vc4State s) =>
        s.Sem.Vc4BinBoAtProbe || !s.BinBo.Exists || !s.BinBo.Unowned ? s
        : ToCache(s with { BinBo = s.BinBo with { Exists = false } }, Vc4State.BinBoPages);

    /// <summary>
    /// vc4_bo_create first reuses a cached BO with the same page count, and vc4_bo_get_from_cache takes the head of
    /// that page count's size list, where vc4_free_object list_adds: the most recently freed one, not the oldest.
    /// The walk goes from the newest entry to the first that is certainly there with exactly that page count, or to
    /// one of that count in the eviction window (taken if still there; if evicted, so is everything older, because
    /// vc4_bo_cache_free_old evicts from the oldest end). Newer entries of unknown size passed on the way may have
    /// that page count and been taken instead, so the model does not guess which went:
    /// <list type="bullet">
    /// <item>the entry walked to is removed, and each passed entry keeps its place with that entry as a possible
    /// stand-in (the count is exact, and the place is certain only while the older stand-in would be);</item>
    /// <item>an entry of the count that is itself in the eviction window becomes "maybe gone";</item>
    /// <item>when no entry of the count is found, one passed entry or none was taken: the oldest passed becomes
    /// "maybe gone" and stands in for the others.</item>
    /// </list>
    /// Entries already "maybe gone" may or may not be there; they stay as they are.
    /// </summary>
    public static Vc4State TakeFromCache(Vc4State s, int pages)
    {
        var passed = new List<int>();
        for (int i = s.Cache.Count - 1; i >= 0; i--)
        {
            var c = s.Cache[i];
            if (s.NowMs - c.FreedAtMs >= CacheCertainlyGoneMs) break;
            // Entries of unknown size are a job's BCL or RCL, smaller than the bin BO (as MaybeReusedByJobBos assumes).
            if (c.Pages is { } p ? p != pages : pages >= Vc4State.BinBoPages) continue;
            if (c.MaybeGone) continue;
            if (c.Pages is null)
            {
                passed.Add(i);
                continue;
            }
            var cache = s.Cache;
            foreach (int u in passed)
                cache = cache.SetItem(u, cache[u] with { StandInFreedAtMs = Math.Min(cache[u].StandInFreedAtMs ?? long.MaxValue, c.FreedAtMs) });
            cache = c.CertainlyThere(s.NowMs) ? cache.RemoveAt(i) : cache.SetItem(i, c with { MaybeGone = true });
            return s with { Cache = cache };
        }
        if (passed.Count == 0) return s;
        // At most one passed entry went; if it was a newer one, the oldest is left in its place.
        int oldest = passed[^1];
        var left = s.Cache.SetItem(oldest, s.Cache[oldest] with { MaybeGone = true });
        foreach (int u in passed.SkipLast(1))
            left = left.SetItem(u, left[u] with { StandInFreedAtMs = Math.Min(left[u].StandInFreedAtMs ?? long.MaxValue, left[oldest].FreedAtMs) });
        return s with { Cache = left };
    }

    /// <summary>A submit creates its BCL and RCL with vc4_bo_create too, so they reuse cached BOs of their page
    /// count (kernel-facts A.8). The model does not know those sizes: any cached entry smaller than the bin BO may
    /// have been taken.</summary>
    public static Vc4State MaybeReusedByJobBos(Vc4State s) =>
        s with { Cache = [.. s.Cache.Select(c => c.Pages is { } p && p >= Vc4State.BinBoPages ? c : c with { MaybeGone = true })] };

    public static Vc4State ToCache(Vc4State s, int? pages) =>
        Vc4Cma.Cached(Evict(s) with { Cache = Evict(s).Cache.Add(new Vc4CachedBo(pages, s.NowMs, false)) });

    /// <summary>
    /// An entry is freed by the first check (a later free, or the cache timer) once it is 1 s old. A check while it
    /// is younger moves the timer to round_jiffies_up(check + 1 s) (vc4_bo_cache_free_old uses mod_timer), which
    /// can be almost 3 s after the free: so 1–3 s after the free it may be there, from 3 s it is certainly gone.
    /// kernel-facts A.8's "1–2 s" is the common case, not the bound.
    /// </summary>
    public const long CacheCertainlyGoneMs = 3000;

    /// <summary>Entries younger than this are certainly still cached.</summary>
    public const long CacheCertainlyThereMs = 1000;

    public static Vc4State Evict(Vc4State s) => s with { Cache = s.Cache.RemoveAll(c => s.NowMs - c.FreedAtMs >= CacheCertainlyGoneMs) };

    /// <summary>Drops the BO if nothing references it any more: it goes to the kernel BO cache unless purged
    /// (kernel-facts A.8 exceptions).</summary>
    public static Vc4State FreeIfUnreferenced(Vc4State s, string bo)
    {
        var b = s.Bos[bo];
        if (b.Referenced(s)) return s;
        s = s with { Bos = s.Bos.Remove(bo) };
        return b.Madv == Vc4Madv.Purged ? s : ToCache(s, b.Pages);
    }

    /// <summary>vc4_close (.postclose) runs when the struct file is released: at close() with no mappings left, or at
    /// the last munmap (kernel-facts A.4). Handles go first, then the file's bin BO reference.</summary>
    public static Vc4State PostClose(Vc4State s, string file)
    {
        foreach (var bo in s.Bos.Values.Where(b => b.File == file && b.HandleOpen).Select(b => b.Symbol).ToList())
        {
            s = s with { Bos = s.Bos.SetItem(bo, s.Bos[bo] with { HandleOpen = false }) };
            s = FreeIfUnreferenced(s, bo);
        }
        s = Vc4Hang.ReleaseHandles(s, file);
        s = s with { Perfmons = s.Perfmons.RemoveRange(s.Perfmons.Where(p => p.Value == file).Select(p => p.Key).ToList()) };
        if (s.Files[file].BinBoUsed) s = ReleaseFile(s, file);
        return s with { Files = s.Files.Remove(file) };
    }
}
