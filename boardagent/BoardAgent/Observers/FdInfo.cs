using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Observers;

/// <summary><c>/proc/self/fdinfo/&lt;fd&gt;</c> of a DRM file (kernel-facts D.4): every <c>key:\tvalue</c> line,
/// and the memory keys converted from drm_fdinfo_print_size units to bytes.</summary>
public sealed record FdInfo : IObservation
{
    /// <summary>Every key with its raw value text ("panthor", "4104 KiB", "02100002").</summary>
    [JsonPropertyName("fields"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Fields { get; init; }

    /// <summary>The memory keys (drm-total-*, drm-resident-*, panthor-resident-memory, …) in bytes.</summary>
    [JsonPropertyName("sizes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, long>? Sizes { get; init; }

    [JsonPropertyName("unavailable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Unavailable { get; init; }

    public static FdInfo NotAvailable(string reason) => new() { Unavailable = reason };
}
