using System.Collections.Immutable;
using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Drm;

/// <summary>mmap of a dumb buffer's fake offset and reads and writes through the mapping (drm_gem_mmap).</summary>
internal static class DrmCoreMemory
{
    public static (DrmCoreState, StepPrediction) Apply(DrmCoreState s, ModelOp op, DrmCoreFile file) => op.Op switch
    {
        "mmap" => Map(s, op, file),
        "munmap" => ((s with { Mappings = s.Mappings.Remove(op.RequireSym("map")) }).Collect(), Success(op.Op)),
        "map.write" => Write(s, op),
        "map.read" => (s, Read(s, op)),
        _ => throw new ArgumentException($"the DRM-core model does not know op '{op.Op}'"),
    };

    /// <summary>drm_gem_mmap: an offset whose object is gone is EINVAL; a file with no handle to the object is refused
    /// with EACCES (drm_vma_node_is_allowed); a mapping longer than the object is EINVAL. The mapping holds the object.</summary>
    private static (DrmCoreState, StepPrediction) Map(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        string? obj = op.Sym("offset") is { } offset && s.Offsets.TryGetValue(offset, out var o) && s.Objects.ContainsKey(o) ? o : null;
        if (obj is null)
            return (s, Fail(op.Op, Errno.EINVAL));
        if (!file.Handles.ContainsValue(obj))
            return (s, Fail(op.Op, Errno.EACCES));
        long length = op.Num("length");
        if (length <= 0 || (ulong)length > s.Objects[obj].Size)
            return (s, Fail(op.Op, Errno.EINVAL));
        string map = op.Produces ?? throw new ArgumentException($"op {op}: mmap must produce a map symbol");
        return (s with { Mappings = s.Mappings.SetItem(map, new DrmCoreMapping(obj, length)) }, Success(op.Op));
    }

    private static (DrmCoreState, StepPrediction) Write(DrmCoreState s, ModelOp op)
    {
        var (obj, offset) = Target(s, op);
        byte[] data = op.Arg("data")?.DecodeBytes() ?? [];
        var contents = obj.Contents.ToBuilder();
        for (int i = 0; i < data.Length; i++) contents[offset + i] = data[i];
        return (s with { Objects = s.Objects.SetItem(obj.Id, obj with { Contents = contents.ToImmutable() }) }, Success(op.Op));
    }

    /// <summary>What was written through any mapping of the object (a new dumb buffer is zeroed shmem).</summary>
    private static StepPrediction Read(DrmCoreState s, ModelOp op)
    {
        var (obj, offset) = Target(s, op);
        int length = (int)op.Num("length");
        return Success(op.Op) with { ExpectedData = Convert.ToBase64String(obj.Contents.AsSpan(offset, length)) };
    }

    private static (DrmCoreObject Object, int Offset) Target(DrmCoreState s, ModelOp op)
    {
        string map = op.RequireSym("map");
        if (!s.Mappings.TryGetValue(map, out var mapping))
            throw new ArgumentException($"op {op}: map must name a live mapping of this scenario");
        int offset = (int)op.Num("offset");
        return (s.Objects[mapping.Object], offset);
    }
}
