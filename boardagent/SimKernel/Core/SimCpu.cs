namespace HilHarness.SimKernel.Core;

/// <summary>
/// Serialises every entry into the simulated kernel (one big lock), and makes races deterministic: after
/// <see cref="ArmRace"/>, the next N threads that enter become participants, and only one of them runs at a time.
/// At each <see cref="PreemptionPoint"/> a handler marks inside a racy window (E1, E15, E17b), a seeded choice
/// decides which participant runs next. The same seed gives the same interleaving on every run.
/// </summary>
public sealed class SimCpu
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim bigLock = new(1, 1);
    private readonly Lock gate = new();
    private Race? armed;

    [ThreadStatic] private static Participant? current;
    [ThreadStatic] private static int? raceSlot;

    /// <summary>
    /// Gives the calling thread a fixed place among the racers (the agent passes each race step's index). The seed
    /// picks among participants in slot order, so the interleaving does not depend on which thread happened to
    /// reach the kernel first; without a slot, arrival order is used.
    /// </summary>
    public static void SetRaceSlot(int? slot) => raceSlot = slot;

    /// <summary>The next <paramref name="threads"/> threads entering the kernel race, interleaved by <paramref name="seed"/>.</summary>
    public void ArmRace(int threads, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 2);
        lock (gate) armed = new Race(threads, seed);
    }

    /// <summary>True while a race is armed or running.</summary>
    public bool RaceArmed { get { lock (gate) return armed is not null; } }

    /// <summary>Enter the kernel (start of a syscall).</summary>
    public void Enter()
    {
        Race? race;
        Participant? me = null;
        lock (gate)
        {
            race = armed;
            if (race is not null && race.Participants.Count < race.Size && !race.Started)
            {
                me = new Participant(raceSlot ?? race.Participants.Count);
                race.Participants.Add(me);
            }
        }
        if (me is null || race is null)
        {
            bigLock.Wait();
            return;
        }
        current = me;
        bool last;
        lock (gate) last = race.Participants.Count == race.Size;
        if (last) StartRace(race);
        if (me.AwaitTurn(last ? Timeout.InfiniteTimeSpan : ArrivalTimeout)) return;
        // The other threads never came: run with those that did, rather than hang the agent.
        lock (gate)
        {
            if (!race.Started) race.Size = race.Participants.Count;
        }
        StartRace(race);
        me.AwaitTurn(Timeout.InfiniteTimeSpan);
    }

    /// <summary>Leave the kernel (end of a syscall).</summary>
    public void Exit()
    {
        var me = current;
        if (me is null)
        {
            bigLock.Release();
            return;
        }
        current = null;
        Race race;
        lock (gate) race = armed!;
        me.Finished = true;
        var next = race.PickNext();
        if (next is not null)
        {
            next.GiveTurn();
            return;
        }
        lock (gate) armed = null;
        bigLock.Release();
    }

    /// <summary>A point inside a racy window where another racing thread may run first.</summary>
    public void PreemptionPoint()
    {
        var me = current;
        if (me is null) return;
        Race race;
        lock (gate) race = armed!;
        var next = race.PickNext();
        if (next is null || next == me) return;
        next.GiveTurn();
        me.AwaitTurn(Timeout.InfiniteTimeSpan);
    }

    private void StartRace(Race race)
    {
        lock (gate)
        {
            if (race.Started) return;
            race.Started = true;
        }
        bigLock.Wait();
        race.PickNext()!.GiveTurn();
    }

    private sealed class Participant(int slot)
    {
        public int Slot { get; } = slot;

        /// <summary>Set while it is this participant's turn. Exactly one participant runs at a time and only the
        /// running one hands the turn on, so a turn is never given twice before it is taken. Spin count 0: the thread
        /// that gave the turn away goes on running (or blocks) at once, and on 2 shared cores a waiter spinning for
        /// its turn only takes CPU from the thread it waits for.</summary>
        private readonly ManualResetEventSlim turn = new(false, spinCount: 0);
        public volatile bool Finished;

        public void GiveTurn() => turn.Set();

        /// <summary>Blocks until given the turn and takes it; false if <paramref name="timeout"/> passed first.</summary>
        public bool AwaitTurn(TimeSpan timeout)
        {
            if (!turn.Wait(timeout)) return false;
            turn.Reset();
            return true;
        }
    }

    private sealed class Race(int size, int seed)
    {
        private readonly Random random = new(seed);
        public int Size { get; set; } = size;
        public bool Started { get; set; }
        public List<Participant> Participants { get; } = [];

        public Participant? PickNext()
        {
            var runnable = Participants.Where(p => !p.Finished).OrderBy(p => p.Slot).ToList();
            return runnable.Count == 0 ? null : runnable[random.Next(runnable.Count)];
        }
    }
}
