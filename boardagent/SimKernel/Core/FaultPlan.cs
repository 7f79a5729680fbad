namespace HilHarness.SimKernel.Core;

/// <summary>A fault to inject, as <c>sim.inject</c> and profiles describe it.</summary>
/// <param name="Kind">
/// <c>alloc-fail</c> (the <see cref="Nth"/> next allocation fails, 1 = the next one),
/// <c>cma-fill</c> (take all free CMA but <see cref="Bytes"/>), <c>cma-release</c> (give back what cma-fill took),
/// <c>hang</c> (the next call of ioctl op <see cref="Op"/> never returns),
/// <c>warn</c> / <c>oops</c> (the next ioctl raises a kernel WARNING / oops),
/// <c>gpu-hang</c> (the next job the GPU starts never completes: the ioctls return, the GPU stops making progress).
/// </param>
public sealed record FaultSpec(string Kind, int Nth = 1, long Bytes = 0, string? Op = null)
{
    public static readonly IReadOnlyList<string> Kinds = ["alloc-fail", "cma-fill", "cma-release", "hang", "warn", "oops", "gpu-hang"];
}

/// <summary>
/// Memory the simulated drivers allocate from, with the faults planned on it: a CMA pool of the profile's size
/// (vc4 allocates every BO from CMA) and a countdown that fails the Nth allocation.
/// </summary>
public sealed class SimAllocator(long cmaBytes)
{
    private long reservedByFill;
    private int failCountdown;

    public long CmaTotal { get; } = cmaBytes;

    public long CmaUsed { get; private set; }

    public long CmaFree => CmaTotal - CmaUsed - reservedByFill;

    /// <summary>Allocations attempted so far (successful or not).</summary>
    public long Attempts { get; private set; }

    /// <summary>Takes <paramref name="bytes"/> of CMA; false means -ENOMEM.</summary>
    public bool TryAllocateCma(long bytes)
    {
        if (!TryAllocate()) return false;
        if (bytes > CmaFree) return false;
        CmaUsed += bytes;
        return true;
    }

    /// <summary>Returns CMA taken by <see cref="TryAllocateCma"/>.</summary>
    public void FreeCma(long bytes) => CmaUsed = Math.Max(0, CmaUsed - bytes);

    /// <summary>A non-CMA allocation (kmalloc, shmem pages): fails only when a fault says so.</summary>
    public bool TryAllocate()
    {
        Attempts++;
        if (failCountdown > 0 && --failCountdown == 0) return false;
        return true;
    }

    /// <summary>Applies an <c>alloc-fail</c>, <c>cma-fill</c> or <c>cma-release</c> fault.</summary>
    public void Apply(FaultSpec fault)
    {
        switch (fault.Kind)
        {
            case "alloc-fail":
                failCountdown = Math.Max(1, fault.Nth);
                break;
            case "cma-fill":
                reservedByFill = Math.Max(0, CmaTotal - CmaUsed - fault.Bytes);
                break;
            case "cma-release":
                reservedByFill = 0;
                break;
        }
    }
}
