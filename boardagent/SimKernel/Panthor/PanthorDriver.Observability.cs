using System.Globalization;
using System.Text;
using HilHarness.SimKernel.Core;

namespace HilHarness.SimKernel.Panthor;

// What userspace reads besides ioctls: /proc/self/fdinfo (panthor_show_fdinfo + drm_show_memory_stats), debugfs
// "gems" (panthor_gem_debugfs_print_bos) and sim.state.
public sealed partial class PanthorDriver
{
    /// <summary>Lines in drm_show_fdinfo order (kernel-facts D.4). The profiling mask is 0, so no engine/cycles keys.</summary>
    public string? ShowFdinfo(SimDrmFile file)
    {
        var pf = (PanthorFile)file.DriverPrivate!;
        var sb = new StringBuilder();
        Line("drm-driver", Name);
        Line("drm-client-id", file.ClientId.ToString(CultureInfo.InvariantCulture));
        if (file.ClientName is not null) Line("drm-client-name", file.ClientName);
        if (!semantics.HasDriverFdinfo) return sb.ToString();
        Line("drm-maxfreq-panthor", $"{PanthorHardware.MaxFrequencyHz} Hz");
        Line("drm-curfreq-panthor", $"{PanthorHardware.CurrentFrequencyHz} Hz");
        if (semantics.HasInternalMemoryFdinfo)
        {
            // E16: vm->heaps.lock (a mutex) taken inside the pfile->vms xa_lock spinlock, once per read.
            if (semantics.FdinfoSleepsInAtomic && pf.Vms.Values.Any(v => v.HeapPool is not null))
                machine.SleepingInAtomic("kernel/locking/mutex.c:580");
            ulong resident = 0, active = 0;
            foreach (var group in pf.Groups.Values)
            {
                resident += group.KernelBoBytes;
                if (group.Resident) active += group.KernelBoBytes;
            }
            foreach (var vm in pf.Vms.Values)
            {
                ulong heapBytes = vm.HeapPool?.Size ?? 0;
                resident += heapBytes;
                if (VmBoundToAddressSpace(pf, vm)) active += heapBytes;
            }
            Line("panthor-resident-memory", FdinfoSize.Format(resident));
            Line("panthor-active-memory", FdinfoSize.Format(active));
        }
        ulong total = 0, shared = 0, busy = 0, residentBos = 0;
        bool anyResident = false, anyBusy = false;
        var busyBos = BusyBos(pf);
        foreach (var obj in file.Handles.Values.Distinct())
        {
            var bo = (PanthorBo)obj;
            total += bo.Size;
            if (bo.HandleCount > 1 || bo.Exported) shared += bo.Size;
            if (bo.Resident)
            {
                anyResident = true;
                residentBos += bo.Size;
            }
            if (busyBos.Contains(bo))
            {
                anyBusy = true;
                busy += bo.Size;
            }
        }
        Line("drm-total-memory", FdinfoSize.Format(total));
        Line("drm-shared-memory", FdinfoSize.Format(shared));
        if (anyBusy) Line("drm-active-memory", FdinfoSize.Format(busy));
        if (anyResident) Line("drm-resident-memory", FdinfoSize.Format(residentBos));
        return sb.ToString();

        void Line(string key, string value) => sb.Append(key).Append(":\t").Append(value).Append('\n');
    }

    // vm->as.id >= 0: the VM is bound to an address space while one of its groups is on a CSG slot.
    private static bool VmBoundToAddressSpace(PanthorFile pf, PanthorVm vm)
        => pf.Groups.Values.Any(g => g.Vm == vm && g.Resident);

    // The BOs with an unsignalled fence in their resv: mapped in a VM whose groups have unfinished jobs. Collected
    // once per read (the agent reads fdinfo after every batch step), not searched for again for every handle.
    private static HashSet<PanthorBo> BusyBos(PanthorFile pf)
    {
        var busy = new HashSet<PanthorBo>(ReferenceEqualityComparer.Instance);
        foreach (var vm in pf.Vms.Values)
            if (VmBoundToAddressSpace(pf, vm))
                foreach (var mapping in vm.Mappings) busy.Add(mapping.Bo);
        return busy;
    }

    /// <summary>debugfs "gems" on kernels that have it (6.16); every other name is absent.</summary>
    public string? ReadDebugfs(string name) => name == "gems" && semantics.HasGemsDebugfs ? Gems() : null;

    /// <summary>The last "gems" text and the fields of every object it was rendered from: the agent re-reads gems after
    /// every batch step, and most steps change no GEM object, so an unchanged list gives back the same text instead
    /// of formatting ~150 columns per object again.</summary>
    private string? gemsText;
    private GemsLine[] gemsRenderedFrom = [];

    /// <summary>Everything one object's "gems" line (or its absence) depends on.</summary>
    private readonly record struct GemsLine(
        PanthorBo Bo, int RefCount, uint FlinkName, ulong Size, bool Resident, ulong MmapOffset, bool Imported, bool Exported,
        bool Kernel, string CreatedBy, string? Label)
    {
        public static GemsLine Of(PanthorBo bo) => new(
            bo, bo.RefCount, bo.FlinkName, bo.Size, bo.Resident, bo.MmapOffset, bo.Imported, bo.Exported, bo.Kernel, bo.CreatedBy, bo.Label);
    }

    private string Gems()
    {
        if (gemsText is not null && GemsUnchanged()) return gemsText;
        gemsRenderedFrom = [.. gems.Select(GemsLine.Of)];
        return gemsText = RenderGems();
    }

    private bool GemsUnchanged()
    {
        if (gems.Count != gemsRenderedFrom.Length) return false;
        for (int i = 0; i < gems.Count; i++)
            if (GemsLine.Of(gems[i]) != gemsRenderedFrom[i]) return false;
        return true;
    }

    /// <summary>Each object's rendered line in the last text, by everything it was rendered from: a step that
    /// changes the list (a heap grows a chunk, a group is created) changes few lines, and the others are not
    /// formatted again.</summary>
    private Dictionary<GemsLine, string> gemsLineTexts = [];

    /// <summary>The text of <see cref="gemsRenderedFrom"/>.</summary>
    private string RenderGems()
    {
        var sb = new StringBuilder();
        sb.Append("GEM state flags: imported (0x1), exported (0x2)\n");
        sb.Append("GEM usage flags: kernel (0x1), fw-mapped (0x2)\n\n");
        sb.Append("created-by                      global-name     refcount        size            resident-size   file-offset       state      usage       label\n");
        sb.Append(new string('-', 142)).Append('\n');
        ulong totalSize = 0, totalResident = 0;
        var previous = gemsLineTexts;
        var texts = new Dictionary<GemsLine, string>(gemsRenderedFrom.Length);
        foreach (var line in gemsRenderedFrom)
        {
            if (line.RefCount == 0) continue;
            if (!previous.TryGetValue(line, out var text)) text = RenderGemsLine(line);
            texts.TryAdd(line, text);
            sb.Append(text);
            totalSize += line.Size;
            totalResident += line.Resident ? line.Size : 0;
        }
        gemsLineTexts = texts;
        sb.Append(new string('=', 142)).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"Total size: {totalSize}, Total resident: {totalResident}, Total reclaimable: 0\n");
        return sb.ToString();
    }

    private string RenderGemsLine(GemsLine bo)
    {
        var inv = CultureInfo.InvariantCulture;
        ulong resident = bo.Resident ? bo.Size : 0;
        ulong filePage = bo.MmapOffset / (ulong)machine.Profile.PageSize;
        uint state = (bo.Imported ? 1u : 0u) | (bo.Exported ? 2u : 0u);
        uint usage = bo.Kernel ? 1u : 0u;
        var sb = new StringBuilder(160);
        sb.Append(inv, $"{bo.CreatedBy,-32}{bo.FlinkName,-16}{bo.RefCount,-16}{bo.Size,-16}{resident,-16}0x{filePage,-16:x}");
        sb.Append(inv, $"0x{state,-8:x} 0x{usage,-10:x}");
        sb.Append(bo.Label ?? "").Append('\n');
        return sb.ToString();
    }

    /// <summary>Every file's VMs, heap pools, heaps (with chunk VAs and the chunk_count/list disagreement E17b
    /// causes) and groups, for humans.</summary>
    public string DescribeState()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"panthor on {machine.Profile.Spec} (kernel {machine.Profile.KernelRelease}, driver 1.{semantics.DriverMinor}{(semantics.V3 ? ", v3 heap semantics" : "")})\n");
        sb.Append(inv, $"device GEM objects: {gems.Count}, unfinished jobs: {jobs.Count}\n");
        foreach (var file in files)
        {
            var pf = (PanthorFile)file.DriverPrivate!;
            sb.Append(inv, $"file client-id {file.ClientId}: {pf.Vms.Count} VM(s), {pf.Groups.Count} group(s), {file.Handles.Count} handle(s)\n");
            foreach (var vm in pf.Vms.Values)
            {
                sb.Append(inv, $"  vm {vm.Id}: refcount {vm.RefCount}, kernel VA 0x{vm.KernelVaStart:x}, {vm.Mappings.Count} user mapping(s)\n");
                if (vm.HeapPool is not { } pool)
                {
                    sb.Append("    no heap pool\n");
                    continue;
                }
                sb.Append(inv, $"    heap pool at 0x{pool.Contexts.Va:x} ({pool.Contexts.Size} bytes), {pool.Heaps.Count} heap(s), size {pool.Size}\n");
                foreach (var heap in pool.Heaps.Values)
                {
                    sb.Append(inv, $"    heap {heap.Id} (handle 0x{(vm.Id << 16) | heap.Id:x}): chunk_count {heap.ChunkCount} (list {heap.Chunks.Count}), max {heap.MaxChunks}, chunk_size {heap.ChunkSize}, target_in_flight {heap.TargetInFlight}\n");
                    foreach (var chunk in heap.Chunks)
                        sb.Append(inv, $"      chunk 0x{chunk.Bo.Va:x} next 0x{chunk.Next:x}{(chunk.Grown ? " (grown)" : "")}\n");
                }
            }
            foreach (var group in pf.Groups.Values)
                sb.Append(inv, $"  group {group.Handle}: vm {group.Vm.Id}, {group.Queues.Count} queue(s), fatal_queues 0x{group.FatalQueues:x}, {group.Jobs.Count} unfinished job(s), {(group.Resident ? "on a CSG slot" : "scheduled out")}\n");
        }
        return sb.ToString();
    }
}
