using System.Globalization;

namespace HilHarness.SimKernel.Core;

/// <summary>
/// What every simulated driver shares: the virtual clock, the kernel log, taint, memory and faults, the CPU that
/// serialises syscalls, and the profile's kernel version and regressions. Kernel-health events are written to the
/// log in the kernel's real wording so the harness's kmsg classifier sees exactly what a board would show.
/// </summary>
public sealed class SimMachine
{
    public SimMachine(SimProfile profile, SimOptions options)
    {
        Profile = profile;
        Options = options;
        Clock = new SimClock();
        Kmsg = new SimKmsg(Clock, options.StateDirectory);
        Allocator = new SimAllocator(profile.CmaBytes);
        Kmemleak = new SimKmemleak(Clock, Kmsg);
        Regressions = profile.Regressions;
        if (options.StateDirectory is not null)
        {
            var taintFile = Path.Combine(options.StateDirectory, "tainted");
            if (File.Exists(taintFile) && ulong.TryParse(File.ReadAllText(taintFile).Trim(), out var bits))
                Tainted = (Taint)bits;
        }
    }

    public SimProfile Profile { get; }

    public SimOptions Options { get; }

    public SimClock Clock { get; }

    public SimKmsg Kmsg { get; }

    public SimAllocator Allocator { get; }

    /// <summary>kmemleak: where a regression's lost allocations are reported from.</summary>
    public SimKmemleak Kmemleak { get; }

    /// <summary>GPU hangs planned by <c>sim.inject gpu-hang</c>: the next job the GPU starts never finishes by
    /// itself (the driver's hang check must reset the GPU).</summary>
    public int PlannedGpuHangs { get; private set; }

    /// <summary>Plans one GPU hang (<c>sim.inject gpu-hang</c>).</summary>
    public void PlanGpuHang() => PlannedGpuHangs++;

    /// <summary>True (and one plan fewer) when the job starting now must hang.</summary>
    public bool TakePlannedGpuHang()
    {
        if (PlannedGpuHangs == 0) return false;
        PlannedGpuHangs--;
        return true;
    }

    public SimCpu Cpu { get; } = new();

    public IReadOnlySet<Regression> Regressions { get; }

    public Taint Tainted { get; private set; }

    /// <summary>The kernel version the profile simulates (e.g. 6.12.33).</summary>
    public Version KernelVersion => Profile.KernelVersion;

    /// <summary>True when regression <paramref name="r"/> is switched on.</summary>
    public bool Has(Regression r) => Regressions.Contains(r);

    // DRM_FILE_PAGE_OFFSET_START: fake mmap offsets start at page 0x100000 (64-bit) like drm_vma_offset_manager.
    private ulong nextMmapPage = 0x100000;

    /// <summary>
    /// drm_gem_create_mmap_offset(): gives <paramref name="obj"/> its fake mmap offset on first use (MAP_DUMB, a
    /// driver's MMAP_BO / BO_MMAP_OFFSET) and returns it; later calls return the same offset. The simulated DRM
    /// core's mmap accepts exactly these offsets.
    /// </summary>
    public ulong AssignMmapOffset(SimGemObject obj)
    {
        if (obj.MmapOffset != 0) return obj.MmapOffset;
        ulong pageSize = (ulong)Profile.PageSize;
        obj.MmapOffset = nextMmapPage * pageSize;
        nextMmapPage += Math.Max(1, (obj.Size + pageSize - 1) / pageSize);
        return obj.MmapOffset;
    }

    /// <summary>printk at <paramref name="level"/> (see <see cref="SimKmsg"/> levels).</summary>
    public void Log(int level, string text) => Kmsg.Log(level, text);

    /// <summary>WARN_ON(): the "cut here" report, taint W, and the syscall goes on.</summary>
    public void Warn(string location, string function, string? message = null)
    {
        if (message is not null) Log(SimKmsg.Warning, message);
        Log(SimKmsg.Warning, "------------[ cut here ]------------");
        Log(SimKmsg.Warning, $"WARNING: CPU: 0 PID: {Environment.ProcessId} at {location} {function}+0x48/0x90 [{Profile.Driver}]");
        Log(SimKmsg.Warning, $"CPU: 0 PID: {Environment.ProcessId} Comm: hil-agent Tainted: {TaintString(Tainted | Taint.Warn)} {Profile.KernelRelease} #1");
        Log(SimKmsg.Warning, $"Hardware name: {Profile.HardwareName}");
        Log(SimKmsg.Warning, "---[ end trace 0000000000000000 ]---");
        AddTaint(Taint.Warn);
    }

    /// <summary>refcount_t underflow: the WARN lib/refcount.c prints on a put of a zero count.</summary>
    public void RefcountUnderflow()
        => Warn("lib/refcount.c:28", "refcount_warn_saturate", "refcount_t: underflow; use-after-free.");

    /// <summary>A KASAN report; the syscall goes on (KASAN does not kill unless panic_on_warn).</summary>
    public void Kasan(string kind, string function, int accessSize, bool write)
    {
        Log(SimKmsg.Err, "==================================================================");
        Log(SimKmsg.Err, $"BUG: KASAN: {kind} in {function}+0x2c/0x80 [{Profile.Driver}]");
        Log(SimKmsg.Err, $"{(write ? "Write" : "Read")} of size {accessSize} at addr ffff000012345678 by task hil-agent/{Environment.ProcessId}");
        Log(SimKmsg.Err, "==================================================================");
        AddTaint(Taint.BadPage);
    }

    /// <summary>"BUG: sleeping function called from invalid context" (__might_resched); taints W.</summary>
    public void SleepingInAtomic(string location)
    {
        Log(SimKmsg.Err, $"BUG: sleeping function called from invalid context at {location}");
        Log(SimKmsg.Err, $"in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: {Environment.ProcessId}, name: hil-agent");
        AddTaint(Taint.Warn);
    }

    /// <summary>
    /// An oops: the report, taint D, and the calling syscall never returns. <see cref="SimOptions.OnOops"/> decides
    /// what "never returns" means (the agent exits; tests get <see cref="SimKernelOopsException"/>).
    /// </summary>
    public Exception Oops(string function, ulong faultAddress = 0x10)
    {
        Log(SimKmsg.Alert, string.Create(CultureInfo.InvariantCulture,
            $"Unable to handle kernel NULL pointer dereference at virtual address {faultAddress:x16}"));
        Log(SimKmsg.Alert, "Internal error: Oops: 0000000096000005 [#1] PREEMPT SMP");
        Log(SimKmsg.Warning, $"CPU: 0 PID: {Environment.ProcessId} Comm: hil-agent Tainted: {TaintString(Tainted | Taint.Die)} {Profile.KernelRelease} #1");
        Log(SimKmsg.Warning, $"pc : {function}+0x3c/0x120 [{Profile.Driver}]");
        Log(SimKmsg.Warning, "---[ end trace 0000000000000000 ]---");
        AddTaint(Taint.Die);
        var summary = $"simulated kernel oops in {function}";
        Options.OnOops(summary);
        return new SimKernelOopsException(summary);
    }

    /// <summary>add_taint().</summary>
    public void AddTaint(Taint bits)
    {
        Tainted |= bits;
        if (Options.StateDirectory is not null)
            File.WriteAllText(Path.Combine(Options.StateDirectory, "tainted"), ((ulong)Tainted).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The "Tainted:" field of an oops header: "G" or the flag letters, e.g. "G        W".</summary>
    public static string TaintString(Taint t) =>
        t == Taint.None ? "G" : "G" + (t.HasFlag(Taint.BadPage) ? "    B" : "") + (t.HasFlag(Taint.Die) ? "  D" : "") + (t.HasFlag(Taint.Warn) ? "   W" : "");
}
