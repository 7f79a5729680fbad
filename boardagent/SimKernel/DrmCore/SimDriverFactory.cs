using HilHarness.SimKernel.Core;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>Creates the simulated driver a profile names ("vc4" or "panthor") on a machine.</summary>
public static class SimDriverFactory
{
    /// <summary>The driver for <paramref name="machine"/>'s profile; it must implement both
    /// <see cref="ISimDriver"/> and <see cref="ISimDriverControl"/>.</summary>
    public static ISimDriver Create(SimMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var driver = machine.Profile.Driver;
        throw new SimProfileException(
            $"simulated kernel '{machine.Profile.Spec}': driver '{driver}' is not yet simulated (no {driver} driver in this build)");
    }
}
