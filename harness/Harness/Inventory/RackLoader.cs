using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HilHarness.Inventory;

/// <summary>
/// Reads boards.json into a <see cref="Rack"/>. Every problem is reported with file, line, column, JSON path and
/// what was expected; unknown fields get a did-you-mean; a password field is refused (keys only).
/// </summary>
public static partial class RackLoader
{
    private static readonly string[] TopLevelFields = ["$schema", "boards"];

    internal static readonly string[] BoardFields =
    [
        "name", "driver", "kind", "kernel", "host", "port", "user", "identityFile", "knownHosts", "jumpHost",
        "acceptNewHostKey", "card", "sudo", "dotnet", "power", "console", "kernelInstall", "reboot", "tags",
        "leaseTimeout", "qemu",
    ];

    private static readonly string[] PowerFields = ["on", "off", "cycle"];

    public static Rack Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InventoryException([new InventoryError(path, 1, 1, "$", $"cannot read the rack file: {e.Message}")]);
        }
        return Parse(bytes, path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    /// <summary>Parses rack text. Relative paths in it resolve against <paramref name="baseDirectory"/>.</summary>
    public static Rack Parse(string json, string source, string baseDirectory) =>
        Parse(Encoding.UTF8.GetBytes(json), source, baseDirectory);

    public static Rack Parse(ReadOnlySpan<byte> utf8, string source, string baseDirectory)
    {
        var root = PositionedJson.Parse(utf8, source);
        var reader = new FieldReader(source);
        var boards = new List<BoardRecord>();
        if (reader.Expect(root, JsonValueKind.Object, "an object with a \"boards\" array"))
        {
            reader.RejectUnknown(root, TopLevelFields, "top-level field");
            var boardsNode = root.Properties.FirstOrDefault(p => p.Name == "boards")?.Value;
            if (boardsNode is null)
                reader.Error(root, "missing \"boards\": expected an array of board records");
            else if (reader.Expect(boardsNode, JsonValueKind.Array, "an array of board records"))
            {
                foreach (var item in boardsNode.Items)
                    if (ReadBoard(item, reader, source, baseDirectory) is { } board)
                        boards.Add(board);
                foreach (var duplicate in boards.GroupBy(b => b.Name).Where(g => g.Count() > 1))
                {
                    var second = boardsNode.Items.Where(i => i.Properties.Any(p => p.Name == "name" && p.Value.Text == duplicate.Key)).Skip(1).First();
                    reader.Error(second.Properties.First(p => p.Name == "name").Value,
                        $"duplicate board name \"{duplicate.Key}\": names must be unique in a rack");
                }
            }
        }
        reader.ThrowIfAny();
        return new Rack(source, boards);
    }

    private static BoardRecord? ReadBoard(PositionedJson node, FieldReader reader, string source, string baseDirectory)
    {
        if (!reader.Expect(node, JsonValueKind.Object, "a board record object"))
            return null;
        int errorsBefore = reader.Count;
        reader.RejectUnknown(node, BoardFields, "board field");

        string? name = reader.String(node, "name", required: true, pattern: NamePattern(), patternText: "letters, digits, '.', '_' or '-'");
        string? driver = reader.String(node, "driver", required: true, pattern: DriverPattern(), patternText: "a lower-case driver name such as \"vc4\" or \"panthor\"");
        string? kind = reader.String(node, "kind", required: true);
        if (kind is not null && !BoardKinds.IsKnown(kind))
        {
            var near = EditDistance.Suggest(kind, BoardKinds.All);
            reader.Error(reader.Member(node, "kind")!, $"unknown board kind \"{kind}\": expected one of {string.Join(", ", BoardKinds.All.Select(k => $"\"{k}\""))}" +
                (near is null ? "" : $" (did you mean \"{near}\"?)"));
            kind = null;
        }
        string? kernel = reader.String(node, "kernel", required: true, pattern: KernelPattern(), patternText: "\"linux\" or \"sim:<profile>\" (e.g. \"sim:rpi3-6.12\")");
        bool isSsh = kind == BoardKinds.Ssh;
        string? host = reader.String(node, "host", required: isSsh, requiredWhy: "an ssh board needs the host to connect to", pattern: HostPattern(), patternText: "a host name or address (no spaces, not starting with '-')");
        int port = reader.Integer(node, "port", 1, 65535) ?? 22;
        string? user = reader.String(node, "user", pattern: UserPattern(), patternText: "a user name (no spaces, not starting with '-')");
        string? identity = reader.String(node, "identityFile");
        string? knownHosts = reader.String(node, "knownHosts", required: isSsh, requiredWhy: "an ssh board needs a known_hosts file: host keys are always verified");
        string? jump = reader.String(node, "jumpHost", pattern: HostPattern(), patternText: "[user@]host[:port] (no spaces, not starting with '-')");
        bool acceptNew = reader.Boolean(node, "acceptNewHostKey") ?? false;
        string card = reader.String(node, "card", pattern: CardPattern(), patternText: "\"auto\" or a path under /dev/dri/") ?? "auto";
        bool sudo = reader.Boolean(node, "sudo") ?? false;
        string dotnet = reader.String(node, "dotnet") ?? "dotnet";
        var power = ReadPower(node, reader);
        string? console = reader.String(node, "console");
        string? kernelInstall = reader.String(node, "kernelInstall");
        string? reboot = reader.String(node, "reboot");
        var tags = reader.StringArray(node, "tags") ?? [];
        int leaseSeconds = reader.Integer(node, "leaseTimeout", 10, 86400) ?? 600;
        var qemu = ReadQemu(node, kind, kernel, reader, baseDirectory);

        if (reader.Count != errorsBefore || name is null || driver is null || kind is null || kernel is null)
            return null;
        return new BoardRecord
        {
            Name = name, Driver = driver, Kind = kind, Kernel = kernel, Host = host, Port = port, User = user,
            IdentityFile = ResolvePath(identity, baseDirectory), KnownHosts = ResolvePath(knownHosts, baseDirectory),
            JumpHost = jump, AcceptNewHostKey = acceptNew, Card = card, Sudo = sudo, Dotnet = dotnet, Power = power,
            Console = console, KernelInstall = kernelInstall, Reboot = reboot, Tags = tags,
            LeaseTimeout = TimeSpan.FromSeconds(leaseSeconds), Qemu = qemu, Origin = $"{source}:{node.Line}",
        };
    }

    private static PowerCommands? ReadPower(PositionedJson board, FieldReader reader)
    {
        var node = reader.Member(board, "power");
        if (node is null || !reader.Expect(node, JsonValueKind.Object, "an object with \"on\", \"off\" and/or \"cycle\" command templates"))
            return null;
        reader.RejectUnknown(node, PowerFields, "power field");
        var power = new PowerCommands(reader.String(node, "on"), reader.String(node, "off"), reader.String(node, "cycle"));
        if (power is { On: null, Off: null, Cycle: null })
            reader.Error(node, "empty power object: expected at least one of \"on\", \"off\", \"cycle\" (or remove \"power\")");
        return power;
    }

    /// <summary>Relative paths are relative to the rack file, so a rack and its keys can move together.</summary>
    private static string? ResolvePath(string? path, string baseDirectory)
    {
        if (path is null)
            return null;
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "");
        return Path.GetFullPath(path, baseDirectory);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-z][a-z0-9_]*$")]
    private static partial Regex DriverPattern();

    [GeneratedRegex(@"^(linux|sim:[A-Za-z0-9._/+-]+)$")]
    private static partial Regex KernelPattern();

    [GeneratedRegex(@"^[^\s-][^\s]*$")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]*$")]
    private static partial Regex UserPattern();

    [GeneratedRegex(@"^(auto|/dev/dri/[A-Za-z0-9_-]+)$")]
    private static partial Regex CardPattern();
}
