namespace HilHarness.SimKernel.Core;

/// <summary>
/// Virtual monotonic time. Nothing in the simulated kernel sleeps: BO cache expiry, autosuspend and job
/// completion are timers that fire when <see cref="Advance"/> moves the clock past them, in deadline order.
/// </summary>
public sealed class SimClock
{
    private readonly PriorityQueue<(long Id, Action Fire), (long Deadline, long Id)> timers = new();
    private readonly HashSet<long> cancelled = [];
    private long nextId;

    /// <summary>Nanoseconds since simulated boot (CLOCK_MONOTONIC).</summary>
    public long NowNs { get; private set; } = 5_000_000_000; // boot took 5 s, like a Pi

    /// <summary>Runs <paramref name="fire"/> once the clock reaches <paramref name="deadlineNs"/>. Returns a timer id.</summary>
    public long At(long deadlineNs, Action fire)
    {
        long id = ++nextId;
        timers.Enqueue((id, fire), (deadlineNs, id));
        return id;
    }

    /// <summary>Runs <paramref name="fire"/> after <paramref name="delayNs"/>.</summary>
    public long After(long delayNs, Action fire) => At(NowNs + delayNs, fire);

    /// <summary>Cancels a timer that has not fired (like del_timer / cancel_delayed_work).</summary>
    public void Cancel(long timerId) => cancelled.Add(timerId);

    /// <summary>The deadline of the earliest pending timer, or null when none is armed. A waiting syscall (syncobj
    /// wait) advances the clock to it so that jobs complete while it "sleeps".</summary>
    public long? NextDeadlineNs
    {
        get
        {
            while (timers.TryPeek(out var timer, out var key))
            {
                if (!cancelled.Contains(timer.Id)) return key.Deadline;
                timers.Dequeue();
                cancelled.Remove(timer.Id);
            }
            return null;
        }
    }

    /// <summary>Moves time forward, firing every due timer at its own deadline (timers may arm new timers).</summary>
    public void Advance(long deltaNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deltaNs);
        long target = NowNs + deltaNs;
        while (timers.TryPeek(out var timer, out var key) && key.Deadline <= target)
        {
            timers.Dequeue();
            if (cancelled.Remove(timer.Id)) continue;
            NowNs = Math.Max(NowNs, key.Deadline);
            timer.Fire();
        }
        NowNs = target;
    }
}
