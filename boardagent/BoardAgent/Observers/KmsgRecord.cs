using System.Text.Json.Serialization;

namespace HilHarness.BoardAgent.Observers;

/// <summary>One /dev/kmsg record (Documentation/ABI/testing/dev-kmsg): <c>prio,seq,usec,flags;text</c> plus
/// continuation lines <c> KEY=value</c>, with the kernel's \xNN escapes decoded.</summary>
public sealed record KmsgRecord
{
    /// <summary>The syslog priority: facility × 8 + level.</summary>
    [JsonPropertyName("prio")] public required int Prio { get; init; }

    /// <summary>The syslog facility (0 kernel, 1 user — a /dev/kmsg write from user space).</summary>
    [JsonPropertyName("facility")] public required int Facility { get; init; }

    /// <summary>The log level: 0 emerg … 3 err, 4 warning … 7 debug.</summary>
    [JsonPropertyName("level")] public required int Level { get; init; }

    [JsonPropertyName("seq")] public required ulong Seq { get; init; }

    /// <summary>CLOCK_MONOTONIC timestamp in microseconds.</summary>
    [JsonPropertyName("usec")] public required ulong Usec { get; init; }

    /// <summary>"-" for a complete record, "c" (continuation) or "+" as the kernel marks fragments.</summary>
    [JsonPropertyName("flags")] public required string Flags { get; init; }

    [JsonPropertyName("text")] public required string Text { get; init; }

    /// <summary>The continuation lines without their leading space, e.g. "SUBSYSTEM=platform".</summary>
    [JsonPropertyName("cont")] public required IReadOnlyList<string> Cont { get; init; }
}
