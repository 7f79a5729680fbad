using System.Text;
using System.Text.Json;

namespace HilHarness.Results;

/// <summary>
/// The results of one run, appended as each case ends: <c>&lt;results&gt;/&lt;run-id&gt;/results.jsonl</c>, one JSON
/// line per case, flushed line by line so a killed run keeps every case that finished. A resumed run reads what is
/// recorded and appends to the same file. Safe to append from every board's task at once.
/// </summary>
public sealed class ResultStore : IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _gate = new();
    private readonly List<CaseResult> _records;
    private readonly HashSet<CaseKey> _keys;

    private ResultStore(string runId, string path, FileStream stream, List<CaseResult> records)
    {
        RunId = runId;
        Path = path;
        _stream = stream;
        _records = records;
        _keys = [.. records.Select(r => r.Key)];
    }

    public string RunId { get; }

    /// <summary>The results.jsonl this store writes.</summary>
    public string Path { get; }

    /// <summary>Every record of the run so far: those read at resume, then those appended.</summary>
    public IReadOnlyList<CaseResult> Records
    {
        get
        {
            lock (_gate) return [.. _records];
        }
    }

    /// <summary>Starts a new run's file; a run id already used is refused (resume it instead).</summary>
    public static ResultStore Create(string resultsDirectory, string runId)
    {
        string path = FileFor(resultsDirectory, runId);
        if (File.Exists(path))
            throw new IOException($"{path}: run {runId} already has results; resume it with --resume {runId} or pick another id");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return new ResultStore(runId, path, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read), []);
    }

    /// <summary>Reopens run <paramref name="runId"/>: reads its records (a truncated last line is dropped with a
    /// warning and cut off, so the next line starts clean) and appends after them.</summary>
    public static ResultStore Resume(string resultsDirectory, string runId, Action<string> warn)
    {
        string path = FileFor(resultsDirectory, runId);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no results for run {runId} to resume", path);
        var contents = ResultsFile.Read(path, warn);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        try
        {
            stream.SetLength(contents.WholeLength);
            stream.Seek(0, SeekOrigin.End);
            if (!contents.EndsWithNewline)
                stream.WriteByte((byte)'\n');
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return new ResultStore(runId, path, stream, [.. contents.Records]);
    }

    public static string FileFor(string resultsDirectory, string runId) =>
        RunIds.Problem(runId) is { } problem
            ? throw new ArgumentException($"run id \"{runId}\": {problem}", nameof(runId))
            : System.IO.Path.Combine(resultsDirectory, runId, ResultsFile.FileName);

    /// <summary>Whether the run already recorded this case (a resumed run skips it).</summary>
    public bool Contains(CaseKey key)
    {
        lock (_gate) return _keys.Contains(key);
    }

    /// <summary>Writes one line and flushes it to the operating system, so it survives the process being killed.</summary>
    public void Append(CaseResult result)
    {
        byte[] line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(result, ResultsJsonContext.Default.CaseResult) + "\n");
        lock (_gate)
        {
            _stream.Write(line);
            _stream.Flush();
            _records.Add(result);
            _keys.Add(result.Key);
        }
    }

    public void Dispose() => _stream.Dispose();
}
