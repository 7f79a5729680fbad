using System.Runtime.CompilerServices;

namespace HilHarness.Qemu;

/// <summary>Finds the repo's tools/qemu scripts, which fetch the kernel, build the initramfs and boot the VM.</summary>
public static class QemuTools
{
    /// <summary>Set to the repo root when the harness runs from a build output outside the repo
    /// (e.g. HIL_ARTIFACTS under /tmp).</summary>
    public const string RepoRootVariable = "HIL_REPO_ROOT";

    /// <summary>The tools/qemu folder: under $HIL_REPO_ROOT, else the first ancestor of the build output, of the
    /// working directory, or of this source file's compile-time location (a build output under HIL_ARTIFACTS in
    /// /tmp has no repo above it) that has one.</summary>
    public static string LocateDirectory()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(RepoRootVariable) is { Length: > 0 } root)
            candidates.Add(root);
        candidates.AddRange(Ancestors(AppContext.BaseDirectory));
        candidates.AddRange(Ancestors(Directory.GetCurrentDirectory()));
        if (Path.GetDirectoryName(ThisSourceFile()) is { Length: > 0 } sourceDirectory)
            candidates.AddRange(Ancestors(sourceDirectory));
        foreach (string dir in candidates)
        {
            string tools = Path.Combine(dir, "tools", "qemu");
            if (File.Exists(Path.Combine(tools, "boot.sh")))
                return tools;
        }
        throw new QemuVmException(
            $"tools/qemu/boot.sh not found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}; set {RepoRootVariable} to the repo root");
    }

    private static string ThisSourceFile([CallerFilePath] string path = "") => path;

    private static IEnumerable<string> Ancestors(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            yield return dir.FullName;
    }
}
