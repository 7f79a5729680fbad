using System.Text.RegularExpressions;

namespace HilHarness.Health;

/// <summary>
/// Kernel log lines that are known and accepted on a rack (one regex per line, <c>#</c> starts a comment, blank
/// lines ignored). A bad regex is an error naming the file and line, not a silently ignored entry.
/// </summary>
public sealed class KernelAllowlist
{
    private readonly IReadOnlyList<(Regex Pattern, string Source)> _entries;

    private KernelAllowlist(IReadOnlyList<(Regex, string)> entries) => _entries = entries;

    public static KernelAllowlist Empty { get; } = new([]);

    public int Count => _entries.Count;

    public static KernelAllowlist Load(string path) => Parse(File.ReadAllText(path), path);

    public static KernelAllowlist Parse(string text, string source)
    {
        var entries = new List<(Regex, string)>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
                continue;
            try
            {
                entries.Add((new Regex(line.Trim(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), $"{source}:{i + 1}"));
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"{source}:{i + 1}: not a valid regular expression \"{line.Trim()}\": {e.Message}", e);
            }
        }
        return new KernelAllowlist(entries);
    }

    /// <summary>True when some entry matches anywhere in <paramref name="text"/>.</summary>
    public bool Allows(string text) => _entries.Any(e => e.Pattern.IsMatch(text));
}
