using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace HilHarness.Model;

/// <summary>What the model expects of one observation source after a step, or that the board cannot show it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(BoStatsExpectation), "bo_stats")]
[JsonDerivedType(typeof(FdinfoExpectation), "fdinfo")]
[JsonDerivedType(typeof(GemsExpectation), "gems")]
[JsonDerivedType(typeof(NotObservable), "not_observable")]
[JsonDerivedType(typeof(RuntimePmExpectation), "runtime_pm")]
public abstract record ObservationExpectation(string Source);

/// <summary>The board cannot show this source (kernel too old, no debugfs): the comparison says so, never "pass".</summary>
public sealed record NotObservable(string Source, string Reason) : ObservationExpectation(Source);

/// <summary>
/// vc4 debugfs <c>bo_stats</c> (kernel-facts A.8): per label, the BO count and kilobytes, each as a range because
/// the kernel BO cache evicts 1–2 s after a free (the one documented nondeterminism). A label absent from
/// <see cref="Labels"/> must be absent (count 0) on the board.
/// </summary>
public sealed record BoStatsExpectation(ImmutableSortedDictionary<string, LabelExpectation> Labels) : ObservationExpectation("bo_stats");

/// <summary>Count and size range of one <c>bo_stats</c> label; a null kb bound means the size is not predicted
/// (RCL/BCL sizes depend on the command lists the kernel generates).</summary>
public sealed record LabelExpectation(int CountMin, int CountMax, long? KbMin, long? KbMax)
{
    public static LabelExpectation Exactly(int count, long kb) => new(count, count, kb, kb);

    public string Describe()
    {
        string count = CountMin == CountMax ? $"({CountMin})" : $"({CountMin}..{CountMax})";
        string kb = KbMin is null ? "?kb" : KbMin == KbMax ? $"{KbMin}kb" : $"{KbMin}..{KbMax}kb";
        return $"{kb} {count}";
    }
}

/// <summary>panthor fdinfo <c>panthor-resident-memory</c> in bytes (kernel-facts D.4): a range, because group kernel
/// BOs (ring buffers, suspend buffers) have sizes the model does not know.</summary>
public sealed record FdinfoExpectation(string Key, ulong MinBytes, ulong MaxBytes) : ObservationExpectation("fdinfo");

/// <summary>panthor debugfs <c>gems</c> line counts by label (kernel-facts D.4): device-wide.</summary>
public sealed record GemsExpectation(int TilerHeapChunks, int HeapPools) : ObservationExpectation("gems");

/// <summary>vc4 V3D <c>power/runtime_status</c> (kernel-facts A.7, A.12 item 5): "active" or "suspended".</summary>
public sealed record RuntimePmExpectation(string Status) : ObservationExpectation("runtime_pm");
