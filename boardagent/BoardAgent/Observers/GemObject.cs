using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>One GEM object line of panthor's debugfs <c>gems</c> (panthor_gem_debugfs_bo_print).</summary>
public sealed record GemObject
{
    /// <summary>"comm/tgid" of the creating process; grown heap chunks show a kworker.</summary>
    [JsonPropertyName("created_by")] public required string CreatedBy { get; init; }

    /// <summary>The flink name, 0 when not flinked.</summary>
    [JsonPropertyName("global_name")] public required long GlobalName { get; init; }

    [JsonPropertyName("refcount")] public required long Refcount { get; init; }

    /// <summary>The "evictions" column of kernels with the panthor shrinker; null when the kernel has no such column.</summary>
    [JsonPropertyName("evictions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Evictions { get; init; }

    [JsonPropertyName("size")] public required long Size { get; init; }

    [JsonPropertyName("resident_size")] public required long ResidentSize { get; init; }

    /// <summary>The fake mmap offset (drm_vma_node_start), 0 when never mapped.</summary>
    [JsonPropertyName("file_offset")] public required ulong FileOffset { get; init; }

    /// <summary>State flags: imported 0x1, exported 0x2 (evicted 0x4 on newer kernels).</summary>
    [JsonPropertyName("state")] public required uint State { get; init; }

    /// <summary>Usage flags: kernel 0x1, fw-mapped 0x2.</summary>
    [JsonPropertyName("usage")] public required uint Usage { get; init; }

    /// <summary>The BO label ("Tiler heap chunk", "Heap pool", a BO_SET_LABEL name), "" when unlabelled.</summary>
    [JsonPropertyName("label")] public required string Label { get; init; }
}
