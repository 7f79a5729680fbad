namespace HilHarness.SimKernel.Vc4;

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
