using HilHarness.SimKernel.Core;

namespace HilHarness.SimKernel.Panthor;

/// <summary>
/// struct panthor_vm: a GPU address space of one file. User mappings live below <see cref="KernelVaStart"/>; kernel
/// BOs (heap pool, heap chunks, group buffers) get auto VAs above it. The VM is freed when its last reference goes:
/// the file's VM xarray, each kernel BO, each group and each in-flight ioctl hold one.
/// </summary>
internal sealed class PanthorVm(SimMachine machine, uint id, ulong kernelVaStart, ulong kernelVaEnd)
{
    private readonly SortedDictionary<ulong, ulong> kernelVas = []; // start -> size
    private readonly List<PanthorMapping> mappings = [];

    public uint Id { get; } = id;

    /// <summary>Start of the kernel auto-VA region (VM_CREATE returns it as user_va_range).</summary>
    public ulong KernelVaStart { get; } = kernelVaStart;

    public ulong KernelVaEnd { get; } = kernelVaEnd;

    public int RefCount { get; private set; } = 1;

    /// <summary>vm->destroyed: set by VM_DESTROY / file close; no new heap pool after that.</summary>
    public bool Destroyed { get; set; }

    /// <summary>The memory is gone (refcount reached zero).</summary>
    public bool Freed { get; private set; }

    /// <summary>vm->heaps.pool: created lazily by the first TILER_HEAP_CREATE.</summary>
    public PanthorHeapPool? HeapPool { get; set; }

    public IReadOnlyList<PanthorMapping> Mappings => mappings;

    /// <summary>panthor_vm_get(); on freed memory this is the use-after-free the refcount code warns about.</summary>
    public void Get()
    {
        if (Freed)
        {
            machine.Warn("lib/refcount.c:25", "refcount_warn_saturate", "refcount_t: addition on 0; use-after-free.");
            return;
        }
        RefCount++;
    }

    /// <summary>panthor_vm_put(); the last put frees the VM (panthor_vm_free).</summary>
    public void Put()
    {
        if (Freed)
        {
            machine.RefcountUnderflow();
            return;
        }
        if (--RefCount > 0) return;
        Freed = true;
        foreach (var m in mappings) m.Bo.Put();
        mappings.Clear();
    }

    /// <summary>panthor_vm_alloc_va() with PANTHOR_VM_KERNEL_AUTO_VA: lowest free range in the kernel region,
    /// 2 MiB aligned for sizes of 2 MiB and more, else 4 KiB (drm_mm; first fit stands in for best fit).</summary>
    public ulong? AllocateKernelVa(ulong size)
    {
        ulong align = size >= 2UL << 20 ? 2UL << 20 : 4096;
        ulong candidate = KernelVaStart;
        foreach (var (start, length) in kernelVas)
        {
            if (candidate + size <= start) break;
            candidate = Math.Max(candidate, AlignUp(start + length, align));
        }
        candidate = AlignUp(candidate, align);
        if (candidate + size > KernelVaEnd) return null;
        kernelVas[candidate] = size;
        return candidate;
    }

    public void ReleaseKernelVa(ulong va, ulong size) => kernelVas.Remove(va);

    /// <summary>A user mapping from VM_BIND MAP; the vm_bo takes a GEM reference per mapping.</summary>
    public void Map(PanthorBo bo, ulong va, ulong size, ulong offset, uint flags)
    {
        Unmap(va, size);
        bo.Get();
        bo.Resident = true; // panthor_vm_map_bo_range pins the pages
        mappings.Add(new PanthorMapping(bo, va, size, offset, flags));
        mappings.Sort((a, b) => a.Va.CompareTo(b.Va));
    }

    /// <summary>Removes [va, va+size), splitting mappings that straddle its ends (drm_gpuvm remap).</summary>
    public void Unmap(ulong va, ulong size)
    {
        ulong end = va + size;
        for (int i = mappings.Count - 1; i >= 0; i--)
        {
            var m = mappings[i];
            ulong mEnd = m.Va + m.Size;
            if (mEnd <= va || m.Va >= end) continue;
            mappings.RemoveAt(i);
            if (m.Va < va)
            {
                m.Bo.Get();
                mappings.Add(m with { Size = va - m.Va });
            }
            if (mEnd > end)
            {
                m.Bo.Get();
                mappings.Add(m with { Va = end, Size = mEnd - end, Offset = m.Offset + (end - m.Va) });
            }
            m.Bo.Put();
        }
        mappings.Sort((a, b) => a.Va.CompareTo(b.Va));
    }

    /// <summary>panthor_vm_unmap_range over the whole VM at destroy.</summary>
    public void UnmapAll()
    {
        foreach (var m in mappings) m.Bo.Put();
        mappings.Clear();
    }

    private static ulong AlignUp(ulong value, ulong align) => (value + align - 1) & ~(align - 1);
}

/// <summary>One drm_gpuva of a user BO.</summary>
internal sealed record PanthorMapping(PanthorBo Bo, ulong Va, ulong Size, ulong Offset, uint Flags);
