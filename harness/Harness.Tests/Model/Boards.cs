using HilHarness.Model;

namespace HilHarness.Tests.Model;

/// <summary>Board semantics the spec tests run against, named after the simulated profiles they mirror.</summary>
internal static class Boards
{
    public static BoardSemantics Rpi3_612 => new("vc4", new Version(6, 12, 33), new Version(0, 0, 0), DebugfsReadable: true, Simulated: true);
    public static BoardSemantics Rpi3_52 => new("vc4", new Version(5, 2, 0), new Version(0, 0, 0), DebugfsReadable: true, Simulated: true);
    public static BoardSemantics Rk3588_618 => new("panthor", new Version(6, 18, 0), new Version(1, 5, 0), DebugfsReadable: true, Simulated: true);
    public static BoardSemantics Rk3588_V3 => new("panthor", new Version(6, 9, 0), new Version(1, 0, 0), DebugfsReadable: true, Simulated: true);
}
