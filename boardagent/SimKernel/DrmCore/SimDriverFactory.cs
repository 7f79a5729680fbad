using HilHarness.SimKernel.Core;
using HilHarness.SimKernel.Panthor;
using HilHarness.SimKernel.Vc4;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>Creates the simulated driver a profile names ("vc4" or "panthor") on a machine.</summary>
public static class SimDriverFactory
{
    /// <summary>The driver for <paramref name="machine"/>'s profile; it implements both <see cref="ISimDriver"/>
    /// and <see cref="ISimDriverControl"/>.</summary>
    public static ISimDriver Create(SimMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return machine.Profile.Driver switch
        {
            "vc4" => new Vc4Driver(machine),
            "panthor" => new PanthorDriver(machine),
            var other => throw new SimProfileException(
                $"simulated kernel '{machine.Profile.Spec}': driver '{other}' is not simulated; expected vc4 or panthor"),
        };
    }
}
