using System.Text;
using System.Text.Json;

namespace HilHarness.Results;

/// <summary>
/// Reads a <c>results.jsonl</c>. A run killed while writing leaves a partial last line (no newline, not JSON): it is
/// dropped with a warning naming the file and line, because everything before it is whole. A bad line anywhere
/// else means the file was damaged by something other than a kill, and is an error naming the file and line.
/// </summary>
public static class ResultsFile
{
    public const string FileName = "results.jsonl";

    /// <summary>The whole records, and the byte length of the file's whole lines (where a resumed run appends).</summary>
    public sealed record Contents(IReadOnlyList<CaseResult> Records, long WholeLength, bool EndsWithNewline);

    public static Contents Read(string path, Action<string> warn)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var records = new List<CaseResult>();
        int start = 0, line = 0;
        while (start < bytes.Length)
        {
            line++;
            int newline = Array.IndexOf(bytes, (byte)'\n', start);
            bool last = newline < 0;
            int end = last ? bytes.Length : newline;
            var text = Encoding.UTF8.GetString(bytes, start, end - start).TrimEnd('\r');
            if (text.Trim().Length > 0)
            {
                if (TryParse(text, out var record, out string? error))
                {
                    records.Add(record);
                }
                else if (last)
                {
                    warn($"{path}:{line}: ignoring a truncated last line ({end - start} bytes; the run was stopped while writing it): {error}");
                    return new Contents(records, start, EndsWithNewline: true);
                }
                else
                {
                    throw new InvalidDataException($"{path}:{line}: not a result record: {error}");
                }
            }
            start = last ? bytes.Length : newline + 1;
        }
        return new Contents(records, bytes.Length, bytes.Length == 0 || bytes[^1] == (byte)'\n');
    }

    private static bool TryParse(string text, out CaseResult record, out string? error)
    {
        try
        {
            record = JsonSerializer.Deserialize(text, ResultsJsonContext.Default.CaseResult)
                ?? throw new JsonException("the line is JSON null");
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            record = null!;
            error = e.Message;
            return false;
        }
    }
}
