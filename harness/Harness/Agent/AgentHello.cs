using System.Text.Json.Nodes;

namespace HilHarness.Agent;

/// <summary>The agent's <c>hello</c> reply: what the board is and which DRM drivers it has.</summary>
public sealed record AgentHello(
    int Protocol, string Agent, string KernelRelease, string Machine, string Arch, string Kernel, bool Simulated,
    int Uid, IReadOnlyList<AgentDriver> Drivers, bool KmsgWritable, bool Debugfs)
{
    /// <summary>Parses the <c>out</c> object of a hello reply.</summary>
    public static AgentHello FromJson(JsonObject o)
    {
        var uname = o["uname"] as JsonObject;
        var drivers = (o["drivers"] as JsonArray ?? []).OfType<JsonObject>().Select(AgentDriver.FromJson).ToList();
        return new AgentHello(
            o["protocol"]?.GetValue<int>() ?? 0,
            o["agent"]?.GetValue<string>() ?? "",
            uname?["release"]?.GetValue<string>() ?? "",
            uname?["machine"]?.GetValue<string>() ?? "",
            o["arch"]?.GetValue<string>() ?? "",
            o["kernel"]?.GetValue<string>() ?? "",
            o["simulated"]?.GetValue<bool>() ?? false,
            o["uid"]?.GetValue<int>() ?? -1,
            drivers,
            o["kmsg_writable"]?.GetValue<bool>() ?? false,
            o["debugfs"]?.GetValue<bool>() ?? false);
    }

    /// <summary>The driver named <paramref name="name"/>, or null when the board lacks it.</summary>
    public AgentDriver? Driver(string name) => Drivers.FirstOrDefault(d => d.Name == name);

    /// <summary>The numeric kernel version from the release string, or null.</summary>
    public Version? KernelVersion => Uapi.KernelRelease.Parse(KernelRelease);
}

/// <summary>A DRM driver present on the board: its nodes and DRM_IOCTL_VERSION.</summary>
public sealed record AgentDriver(string Name, string Card, string? Render, Version Version, string Date, string Description)
{
    public static AgentDriver FromJson(JsonObject o) => new(
        o["name"]?.GetValue<string>() ?? "",
        o["card"]?.GetValue<string>() ?? "",
        o["render"]?.GetValue<string>(),
        System.Version.TryParse(o["version"]?.GetValue<string>() ?? "", out var v) ? v : new Version(0, 0, 0),
        o["date"]?.GetValue<string>() ?? "",
        o["desc"]?.GetValue<string>() ?? "");
}
