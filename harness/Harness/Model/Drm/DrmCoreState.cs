using System.Collections.Immutable;

namespace HilHarness.Model.Drm;

/// <summary>
/// The DRM core as the model sees it for one vgem or virtio-gpu device: open files (card or render node) with their
/// GEM handle and syncobj tables, GEM objects with their contents, exported dma-buf fds, mmap offsets and mappings.
/// An object lives while a handle, a dma-buf fd or a mapping holds it.
/// </summary>
public sealed record DrmCoreState(
    BoardSemantics Sem,
    DrmCoreDriver Driver,
    ImmutableSortedDictionary<string, DrmCoreFile> Files,
    ImmutableSortedDictionary<string, DrmCoreObject> Objects,
    ImmutableSortedDictionary<string, string> DmaBufs,
    ImmutableSortedDictionary<string, DrmCoreMapping> Mappings,
    ImmutableSortedDictionary<string, string> Offsets,
    ImmutableSortedDictionary<string, long> Numbers) : ModelState(Sem, 0)
{
    public const int PageSize = 4096;

    public static DrmCoreState Initial(BoardSemantics semantics) => new(semantics,
        DrmCoreDriver.Find(semantics.Driver) ?? throw new ArgumentException($"the DRM-core model knows {string.Join(", ", DrmCoreDriver.Names)}, not '{semantics.Driver}'", nameof(semantics)),
        ImmutableSortedDictionary<string, DrmCoreFile>.Empty, ImmutableSortedDictionary<string, DrmCoreObject>.Empty,
        ImmutableSortedDictionary<string, string>.Empty, ImmutableSortedDictionary<string, DrmCoreMapping>.Empty,
        ImmutableSortedDictionary<string, string>.Empty, ImmutableSortedDictionary<string, long>.Empty);

    /// <summary>A number the scenario passes: a literal, or the number a symbol stood for when it was produced (so a
    /// closed handle can be passed again).</summary>
    public long? NumberOf(OpArg? arg) => arg?.Number ?? (arg?.Symbol is { } s && Numbers.TryGetValue(s, out var n) ? n : null);

    /// <summary>Whether anything still holds the object: a handle in any file, a dma-buf fd, or a mapping.</summary>
    public bool IsHeld(string obj) =>
        Files.Values.Any(f => f.Handles.ContainsValue(obj)) || DmaBufs.ContainsValue(obj) || Mappings.Values.Any(m => m.Object == obj);

    /// <summary>Drops objects nothing holds any more (the last drm_gem_object_put).</summary>
    public DrmCoreState Collect() => this with { Objects = Objects.RemoveRange(Objects.Keys.Where(o => !IsHeld(o)).ToList()) };
}

/// <summary>One open DRM file: its node, GEM handles (idr: the lowest free id from 1), which of them carry a PRIME
/// lookup entry, and its syncobjs with their signaled state.</summary>
public sealed record DrmCoreFile(
    string Name, bool Render,
    ImmutableSortedDictionary<uint, string> Handles,
    ImmutableSortedSet<uint> PrimeHandles,
    ImmutableSortedDictionary<uint, bool> Syncobjs)
{
    public static DrmCoreFile Opened(string name, bool render) => new(name, render,
        ImmutableSortedDictionary<uint, string>.Empty, [], ImmutableSortedDictionary<uint, bool>.Empty);

    /// <summary>idr_alloc(…, 1, 0): the lowest id not in use.</summary>
    public static uint LowestFree(IEnumerable<uint> used)
    {
        var taken = used.ToHashSet();
        uint id = 1;
        while (taken.Contains(id)) id++;
        return id;
    }
}

/// <summary>A GEM object: its size, dumb pitch and contents (written through a mapping, read back through any).</summary>
public sealed record DrmCoreObject(string Id, ulong Size, uint Pitch, ImmutableArray<byte> Contents);

/// <summary>A live mmap of an object.</summary>
public sealed record DrmCoreMapping(string Object, long Length);
