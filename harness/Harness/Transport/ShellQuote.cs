using System.Text;

namespace HilHarness.Transport;

/// <summary>
/// The one place that turns arguments into POSIX shell words. ssh hands the remote side a single string that the
/// login shell parses again, so every argument that reaches a remote (or host) shell goes through here.
/// </summary>
public static class ShellQuote
{
    /// <summary>One argument as a single shell word: wrapped in single quotes, each <c>'</c> written as
    /// <c>'\''</c>. Inside single quotes nothing is special ($, `, \, ;, newlines), so the word is literal.</summary>
    public static string Quote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Contains('\0'))
            throw new ArgumentException("a shell argument cannot contain a NUL byte", nameof(argument));
        if (argument.Length > 0 && argument.All(IsPlain))
            return argument;
        var builder = new StringBuilder(argument.Length + 2).Append('\'');
        foreach (char c in argument)
            builder.Append(c == '\'' ? "'\\''" : c);
        return builder.Append('\'').ToString();
    }

    /// <summary>A command line whose words are exactly <paramref name="argv"/>.</summary>
    public static string Join(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));

    /// <summary>Characters that never need quoting, kept small so "plain" is obviously safe.</summary>
    private static bool IsPlain(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.' or '/' or ',' or ':' or '=' or '+' or '@';
}
