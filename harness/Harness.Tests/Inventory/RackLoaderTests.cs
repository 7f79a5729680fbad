using NUnit.Framework;
using System.Runtime.CompilerServices;
using HilHarness.Inventory;

namespace HilHarness.Tests.Inventory;

public sealed class RackLoaderTests
{
    private static string RepoRoot([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    [Test]
    [Description("The default boards.json is a simulated rack with the vc4 board rpi3-6.12 and the panthor board rk3588-6.18.")]
    public void DefaultRackIsTheSimulatedRack()
    {
        var rack = RackLoader.Load(Path.Combine(RepoRoot(), "boards.json"));
        Assert.That(rack.Boards.Select(b => (b.Name, b.Driver, b.Kind, b.Kernel)), Is.EqualTo(new[]
        {
            ("rpi3-6.12", "vc4", "local", "sim:rpi3-6.12"),
            ("rk3588-6.18", "panthor", "local", "sim:rk3588-6.18"),
        }));
    }

    [Test]
    [Description("An ssh board's relative key paths resolve against the rack file's folder, and defaults fill what is not given.")]
    public void SshBoardResolvesPathsAndDefaults()
    {
        var rack = RackLoader.Parse("""
            {"boards": [{"name": "pi", "driver": "vc4", "kind": "ssh", "kernel": "linux", "host": "lab-7",
                         "knownHosts": "keys/known_hosts", "identityFile": "keys/id", "power": {"cycle": "uhubctl -a cycle -p 2"}}]}
            """, "rack.json", "/lab");
        var pi = rack.Board("pi");
        Assert.That((pi.KnownHosts, pi.IdentityFile, pi.Port, pi.Dotnet, pi.LeaseTimeout, pi.Power!.CanCycle, pi.Origin),
            Is.EqualTo(("/lab/keys/known_hosts", "/lab/keys/id", 22, "dotnet", TimeSpan.FromMinutes(10), true, "rack.json:1")));
    }

    [Test]
    [Description("Asking a rack for a misspelled board name suggests the closest name and lists the rack's boards.")]
    public void UnknownBoardNameSuggestsClosest()
    {
        var rack = RackLoader.Parse("""{"boards": [{"name": "rpi3-6.12", "driver": "vc4", "kind": "local", "kernel": "linux"}]}""", "r.json", "/");
        var error = Assert.Throws<KeyNotFoundException>(() => rack.Board("rpi3-6.21"));
        Assert.That(error!.Message, Is.EqualTo("r.json: no board named \"rpi3-6.21\" (did you mean \"rpi3-6.12\"?); the rack has: rpi3-6.12"));
    }
}
