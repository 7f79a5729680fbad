using System.Globalization;
using System.Reflection;
using System.Text.Json;
using HilHarness.BoardAgent.Protocol;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Session;

/// <summary>The session ops of docs/protocol.md: hello, ping, bye, open, close, mmap, munmap, map.write, map.read.</summary>
public static class SessionOps
{
    public const int ProtocolVersion = 1;

    /// <summary>Largest map.read the agent answers in one reply.</summary>
    private const long MaxMapRead = 16 << 20;

    private const string DriPrefix = "/dev/dri/";

    private static readonly string AgentName = "hil-agent " +
        (typeof(SessionOps).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
         ?? typeof(SessionOps).Assembly.GetName().Version?.ToString() ?? "unknown");

    public static void Register(OpTable table)
    {
        table.Add("hello", Hello);
        table.Add("ping", Ping);
        table.Add("bye", Bye);
        table.Add("open", Open);
        table.Add("close", Close);
        table.Add("mmap", Mmap);
        table.Add("munmap", Munmap);
        table.Add("map.write", MapWrite);
        table.Add("map.read", MapRead);
    }

    private static void Hello(OpContext context)
    {
        context.AllowOnly([]);
        var kernel = context.Kernel;
        var u = kernel.Uname();
        int uid = ReadUid(kernel);
        bool simulated = context.Session.Simulation is not null;
        var hello = new HelloInfo(
            ProtocolVersion, AgentName, new UnameInfo(u.Sysname, u.Nodename, u.Release, u.Version, u.Machine),
            AbiFacts.Name(AbiFacts.Current), kernel.Description, simulated, uid, context.Session.Drivers,
            // /dev/kmsg is root-writable (0644) on the distributions the boards run; a simulated board accepts markers.
            KmsgWritable: simulated || uid == 0,
            Debugfs: kernel.ListDirectory("/sys/kernel/debug/dri", out _) is not null);
        context.Writer.WritePropertyName("out"u8);
        JsonSerializer.Serialize(context.Writer, hello, AgentJsonContext.Default.HelloInfo);
    }

    /// <summary>The effective uid from /proc/self/status ("Uid:\treal\teffective\t…"), or -1 when unreadable.</summary>
    private static int ReadUid(IKernel kernel)
    {
        var status = kernel.ReadText("/proc/self/status", 64 * 1024);
        if (status.Text is null) return -1;
        foreach (var line in status.Text.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith("Uid:")) continue;
            var fields = line[4..].Trim().ToString().Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && int.TryParse(fields[1], CultureInfo.InvariantCulture, out int uid)) return uid;
        }
        return -1;
    }

    private static void Ping(OpContext context)
    {
        context.AllowOnly([]);
        context.WriteEmptyOut();
    }

    private static void Bye(OpContext context)
    {
        context.AllowOnly([]);
        context.Session.ExitRequested = true;
        context.WriteEmptyOut();
    }

    private static void Open(OpContext context)
    {
        context.AllowOnly(["driver", "node", "path"]);
        string path;
        if (context.TryArg("path", out var pathArg))
        {
            if (context.TryArg("driver", out _) || context.TryArg("node", out _))
                throw ProtocolException.BadArgs("path", "give either path, or driver (and node), not both");
            path = JsonArgs.String(pathArg, "path");
            if (!path.StartsWith(DriPrefix, StringComparison.Ordinal) || path.Contains("/..", StringComparison.Ordinal)
                || path.Contains('\0', StringComparison.Ordinal))
                throw new ProtocolException(ErrorCodes.NotPermitted, $"args.path: '{path}' is outside {DriPrefix}; the agent opens only DRM nodes");
        }
        else
        {
            string driver = JsonArgs.String(context.RequireArg("driver"), "driver");
            string node = context.TryArg("node", out var nodeArg) ? JsonArgs.String(nodeArg, "node") : "card";
            if (node is not ("card" or "render")) throw ProtocolException.BadArgs("node", $"'{node}' is neither card nor render");
            var drivers = context.Session.Drivers;
            var found = drivers.FirstOrDefault(d => d.Name == driver && (node == "card" || d.Render is not null))
                ?? throw new ProtocolException(ErrorCodes.NoDevice,
                    $"no {node} node under /dev/dri is driven by '{driver}' (found: " +
                    (drivers.Count == 0 ? "no DRM devices" : string.Join(", ", drivers.Select(d => $"{d.Name} at {d.Card}"))) + ")");
            path = node == "card" ? found.Card : found.Render!;
        }
        var result = context.Kernel.Open(path, OpenFlags.ReadWrite | OpenFlags.CloseOnExec);
        if (result.Ok) context.Session.AddFile((int)result.Value, path);
        context.WriteSyscall(result);
        var writer = context.Writer;
        writer.WriteStartObject("out"u8);
        if (result.Ok) writer.WriteNumber("fd"u8, result.Value);
        writer.WriteString("path"u8, path);
        writer.WriteEndObject();
    }

    private static void Close(OpContext context)
    {
        context.AllowOnly(["fd"]);
        int fd = context.Fd();
        var result = context.Kernel.Close(fd);
        // close(2) releases the number even when it reports an error (Linux never retries a close).
        context.Session.RemoveFile(fd);
        context.WriteSyscall(result);
        context.WriteEmptyOut();
    }

    private static void Mmap(OpContext context)
    {
        context.AllowOnly(["fd", "offset", "length", "prot"]);
        int fd = context.Fd();
        ulong offset = JsonArgs.Scalar(context.RequireArg("offset"), Layout.ScalarKind.U64, "offset", context.Refs);
        long length = context.Integer("length", 1, long.MaxValue);
        string prot = context.TryArg("prot", out var protArg) ? JsonArgs.String(protArg, "prot") : "rw";
        var protection = prot switch
        {
            "r" => MapProtection.Read,
            "rw" => MapProtection.Read | MapProtection.Write,
            _ => throw ProtocolException.BadArgs("prot", $"'{prot}' is neither r nor rw"),
        };
        var result = context.Kernel.Mmap(fd, offset, (ulong)length, protection);
        context.WriteSyscall(result);
        var writer = context.Writer;
        writer.WriteStartObject("out"u8);
        if (result.Ok)
        {
            var mapping = context.Session.AddMapping((nint)result.Value, (ulong)length, fd, prot == "rw");
            writer.WriteNumber("map"u8, mapping.Id);
            writer.WriteNumber("addr"u8, (ulong)mapping.Address);
        }
        writer.WriteEndObject();
    }

    private static void Munmap(OpContext context)
    {
        context.AllowOnly(["map"]);
        var mapping = Mapping(context);
        var result = context.Kernel.Munmap(mapping.Address, mapping.Length);
        if (result.Ok) context.Session.RemoveMapping(mapping.Id);
        context.WriteSyscall(result);
        context.WriteEmptyOut();
    }

    private static unsafe void MapWrite(OpContext context)
    {
        context.AllowOnly(["map", "offset", "data"]);
        var mapping = Mapping(context);
        long offset = context.IntegerOr("offset", 0, 0, long.MaxValue);
        var data = JsonArgs.Base64(context.RequireArg("data"), "data");
        if (!mapping.Writable) throw ProtocolException.BadArgs("map", $"map {mapping.Id} was mapped read-only (prot r)");
        CheckRange(mapping, offset, data.Length);
        data.CopyTo(new Span<byte>((byte*)mapping.Address + offset, data.Length));
        context.WriteEmptyOut();
    }

    private static unsafe void MapRead(OpContext context)
    {
        context.AllowOnly(["map", "offset", "length"]);
        var mapping = Mapping(context);
        long offset = context.IntegerOr("offset", 0, 0, long.MaxValue);
        long length = context.Integer("length", 0, MaxMapRead);
        CheckRange(mapping, offset, length);
        var writer = context.Writer;
        writer.WriteStartObject("out"u8);
        writer.WriteBase64String("data"u8, new ReadOnlySpan<byte>((byte*)mapping.Address + offset, (int)length));
        writer.WriteEndObject();
    }

    private static AgentSession.Mapping Mapping(OpContext context)
    {
        long id = context.Integer("map", long.MinValue, long.MaxValue);
        return context.Session.FindMapping(id)
            ?? throw new ProtocolException(ErrorCodes.UnknownMap, $"args.map: {id} is not a live mapping of this agent");
    }

    /// <summary>An access outside the mapping would fault the agent itself, so it is refused before it happens.</summary>
    private static void CheckRange(AgentSession.Mapping mapping, long offset, long length)
    {
        if ((ulong)offset > mapping.Length || (ulong)length > mapping.Length - (ulong)offset)
            throw ProtocolException.BadArgs("offset", $"[{offset}, +{length}) is outside map {mapping.Id} of {mapping.Length} bytes");
    }
}
