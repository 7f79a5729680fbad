using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>
/// CPU mappings of GEM objects. Each object is backed by one page-aligned native buffer, allocated on its first
/// mmap and freed when the object is freed, so two mappings see the same bytes. While an object has a live
/// mapping its pages are registered with <see cref="UserMemory"/>, so ioctls may point into them. A mapping holds a
/// GEM reference and, when made through a DRM node, a reference to that file, until munmap (drm_gem_vm_open/close).
/// </summary>
internal sealed unsafe class GemCpuMappings : IDisposable
{
    private readonly Dictionary<nint, List<Mapping>> byAddress = [];
    private readonly Dictionary<SimGemObject, nint> pages = new(ReferenceEqualityComparer.Instance);
    private readonly int pageSize;

    public GemCpuMappings(int pageSize) => this.pageSize = pageSize;

    private sealed record Mapping(SimGemObject Object, SimDrmFile? File);

    /// <summary>Maps <paramref name="obj"/>; the address is the start of its pages.</summary>
    public nint Map(SimGemObject obj, SimDrmFile? file)
    {
        if (!pages.TryGetValue(obj, out var address))
        {
            var bytes = (nuint)Math.Max(obj.Size, (ulong)pageSize);
            address = (nint)NativeMemory.AlignedAlloc(bytes, (nuint)pageSize);
            NativeMemory.Clear((void*)address, bytes);
            pages[obj] = address;
            obj.ReleasedByCore = FreePages;
        }
        if (obj.MapCount == 0) UserMemory.Register((ulong)address, Math.Max(obj.Size, (ulong)pageSize));
        obj.MapCount++;
        obj.Get();
        if (file is not null) file.FileReferences++;
        if (!byAddress.TryGetValue(address, out var list)) byAddress[address] = list = [];
        list.Add(new Mapping(obj, file));
        return address;
    }

    /// <summary>munmap of a mapping starting at <paramref name="address"/>: drops its GEM reference and returns the
    /// DRM file whose reference the caller must drop (null if none). False when nothing is mapped there (munmap of
    /// an unmapped range still succeeds on Linux).</summary>
    public bool Unmap(nint address, out SimDrmFile? file)
    {
        file = null;
        if (!byAddress.TryGetValue(address, out var list) || list.Count == 0) return false;
        var mapping = list[^1];
        list.RemoveAt(list.Count - 1);
        if (list.Count == 0) byAddress.Remove(address);
        var obj = mapping.Object;
        if (--obj.MapCount == 0) UserMemory.Unregister((ulong)address);
        file = mapping.File;
        obj.Put();
        return true;
    }

    /// <summary>Number of live mappings (for state dumps).</summary>
    public int Count
    {
        get
        {
            int n = 0;
            foreach (var list in byAddress.Values) n += list.Count;
            return n;
        }
    }

    private void FreePages(SimGemObject obj)
    {
        if (!pages.Remove(obj, out var address)) return;
        UserMemory.Unregister((ulong)address);
        NativeMemory.AlignedFree((void*)address);
    }

    public void Dispose()
    {
        foreach (var address in pages.Values)
        {
            UserMemory.Unregister((ulong)address);
            NativeMemory.AlignedFree((void*)address);
        }
        pages.Clear();
        byAddress.Clear();
    }
}
