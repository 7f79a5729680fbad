using System.Security.Cryptography;
using System.Text;
using HilHarness.Transport;

namespace HilHarness.Deploy;

/// <summary>
/// The agent's framework-dependent build output: its files and a content hash over them (SHA-256 of the sorted
/// list of "path, file hash"), which names the directory it lives in on a board, so an unchanged agent is never
/// uploaded twice and two versions never mix.
/// </summary>
public sealed record AgentPackage(string Directory, IReadOnlyList<AgentFile> Files, string Hash)
{
    public const string EntryAssembly = "hil-agent.dll";

    /// <summary>Reads and hashes the build output in <paramref name="directory"/>.</summary>
    public static AgentPackage FromDirectory(string directory)
    {
        if (!File.Exists(Path.Combine(directory, EntryAssembly)))
            throw new FileNotFoundException($"{directory} holds no {EntryAssembly}; build boardagent/BoardAgent first");
        var files = System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(directory, path).Replace('\\', '/'))
            .Where(relative => !relative.EndsWith(".pdb", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(relative => new AgentFile(relative, Sha256Hex(File.ReadAllBytes(Path.Combine(directory, relative)))))
            .ToList();
        var manifest = new StringBuilder();
        foreach (var file in files)
            manifest.Append(file.RelativePath).Append('\0').Append(file.Sha256).Append('\n');
        return new AgentPackage(directory, files, Sha256Hex(Encoding.UTF8.GetBytes(manifest.ToString()))[..32]);
    }

    public IReadOnlyList<UploadFile> UploadFiles() =>
        [.. Files.Select(f => new UploadFile(Path.Combine(Directory, f.RelativePath), f.RelativePath))];

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>One file of the agent package and its SHA-256 (lower-case hex).</summary>
public sealed record AgentFile(string RelativePath, string Sha256);
