namespace HilHarness.BoardAgent.Session;

/// <summary>The <c>out</c> of <c>hello</c> (docs/protocol.md, "Session ops"); serialised by
/// <see cref="AgentJsonContext"/> with snake_case names.</summary>
public sealed record HelloInfo(
    int Protocol,
    string Agent,
    UnameInfo Uname,
    string Arch,
    string Kernel,
    bool Simulated,
    int Uid,
    IReadOnlyList<DriverInfo> Drivers,
    bool KmsgWritable,
    bool Debugfs);

/// <summary>uname(2) as hello reports it.</summary>
public sealed record UnameInfo(string Sysname, string Nodename, string Release, string Version, string Machine);

/// <summary>A DRM driver found under /dev/dri: its primary and render nodes and DRM_IOCTL_VERSION.</summary>
public sealed record DriverInfo(string Name, string Card, string? Render, string Version, string Date, string Desc);
