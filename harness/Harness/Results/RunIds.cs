using System.Globalization;
using System.Security.Cryptography;

namespace HilHarness.Results;

/// <summary>Run ids name a folder under <c>results/</c>: sortable by start time, unique across parallel runs, and
/// never a path that leaves that folder.</summary>
public static class RunIds
{
    /// <summary><c>20250614-131313-7f3a</c>: UTC start time and 16 random bits.</summary>
    public static string New(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));

    /// <summary>Why <paramref name="runId"/> cannot name a run folder, or null when it can.</summary>
    public static string? Problem(string runId)
    {
        if (runId.Length == 0) return "a run id cannot be empty";
        if (runId.Length > 100) return $"a run id is at most 100 characters (this one has {runId.Length})";
        if (runId is "." or "..") return $"\"{runId}\" is not a run id";
        var bad = runId.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));
        return bad == default ? null : $"a run id holds only letters, digits, '-', '_' and '.' (\"{runId}\" has '{bad}')";
    }
}
