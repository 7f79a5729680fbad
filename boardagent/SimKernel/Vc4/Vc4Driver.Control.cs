using System.Globalization;
using System.Text;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Vc4;

// The sim.* side: runtime PM on demand, tiler OOM (not a vc4 event), and a state dump for humans.
public sealed partial class Vc4Driver
{
    public void RuntimeSuspend() => pm.SuspendNow();

    public void RuntimeResume() => pm.ResumeNow();

    /// <summary>vc4 has no tiler heaps.</summary>
    public SimTilerOomResult TilerOom(SimDrmFile file, uint groupHandle, uint queueIndex, ulong heapContextVa,
        uint renderPassesInFlight, uint pendingFragments) => new((int)Errno.ENODEV, 0, false);

    public string DescribeState()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"vc4 ({(binBoFreedAtSuspend ? "bin BO freed at runtime suspend (pre-5.3)" : "bin BO shared by reference (5.3+)")})\n");
        sb.Append(inv, $"bin BO: {(bin.Bo is null ? "none" : $"allocated (backing #{bin.Bo.BackingId})")}, kref {bin.RefCount}, slots used 0x{bin.SlotsUsed:x8}, OUTOMEM {(bin.OutOfMemoryInterruptEnabled ? "enabled" : "masked")}\n");
        sb.Append(inv, $"runtime PM: {(pm.Suspended ? "suspended" : "active")}, users {pm.UsageCount}\n");
        sb.Append(inv, $"seqno: emitted {EmittedSeqno}, finished {FinishedSeqno}, jobs pending {jobs.Count}\n");
        sb.Append(inv, $"active perfmon: {(activePerfmon is null ? "none" : activePerfmon.Freed ? "FREED (dangling)" : "yes")}\n");
        sb.Append(inv, $"kernel BO cache entries: {store.CachedCount}\n");
        sb.Append("bo_stats:\n").Append(store.StatsText());
        return sb.ToString();
    }

    // vc4_v3d_runtime_suspend(): interrupts off; before 5.3 the bin BO is freed as well.
    private void OnRuntimeSuspend()
    {
        bin.OutOfMemoryInterruptEnabled = false;
        if (binBoFreedAtSuspend) bin.FreeUnreferenced();
    }

    // vc4_v3d_runtime_resume(): vc4_irq_enable() turns on FLDONE|FRDONE only; before 5.3 the bin BO is allocated
    // again, and the resume fails when that allocation does.
    private Errno OnRuntimeResume()
    {
        if (!binBoFreedAtSuspend) return Errno.None;
        return bin.AllocateUnreferenced();
    }
}
