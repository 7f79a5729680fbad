using HilHarness.SimKernel.Core;
using NUnit.Framework;

namespace HilHarness.SimKernel.Tests.DrmCore;

public class SimCpuRaceSlotTests
{
    [Test, Description("Racers with fixed slots interleave the same way for a given seed whichever thread reaches the kernel first, so a shrunk race replays identically on a fresh board.")]
    public void InterleavingDependsOnSeedAndSlotsNotOnArrivalOrder()
    {
        for (int seed = 0; seed < 8; seed++)
        {
            var slot0First = Run(seed, firstSlot: 0);
            var slot1First = Run(seed, firstSlot: 1);
            Assert.That(slot1First, Is.EqualTo(slot0First), $"seed {seed}");
        }
    }

    // Two racers each do "enter, step 1, preemption point, step 2, exit"; the one with slot firstSlot arrives
    // clearly before the other. Returns the order in which the steps ran.
    private static string Run(int seed, int firstSlot)
    {
        var cpu = new SimCpu();
        cpu.ArmRace(2, seed);
        var log = new List<string>();
        Thread Racer(int slot) => new(() =>
        {
            SimCpu.SetRaceSlot(slot);
            cpu.Enter();
            lock (log) log.Add($"{slot}a");
            cpu.PreemptionPoint();
            lock (log) log.Add($"{slot}b");
            cpu.Exit();
        });
        var first = Racer(firstSlot);
        var second = Racer(1 - firstSlot);
        first.Start();
        Thread.Sleep(50);
        second.Start();
        Assert.That(first.Join(TimeSpan.FromSeconds(10)) && second.Join(TimeSpan.FromSeconds(10)), Is.True, "racers did not finish");
        return string.Join(" ", log);
    }
}
