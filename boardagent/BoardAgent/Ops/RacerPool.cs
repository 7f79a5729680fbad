namespace HilHarness.BoardAgent.Ops;

/// <summary>
/// The threads <c>race</c> runs its steps on, started once and parked between races: a model-based batch races every
/// few steps, and starting and joining fresh threads for each race cost more than the race itself. Racers are
/// released together by the caller's barrier as fresh threads would be (parked threads start with less skew).
/// </summary>
/// <remarks>Parked racers and the caller waiting for them block at once instead of spinning first (spin count 0): on
/// a simulated kernel the racers run one at a time, and on 2 shared cores a spinning waiter only takes CPU from the
/// thread it waits for (spinning racers were half the agent's CPU in a panthor model-based search). The start
/// barrier, which decides how close together racers reach a real kernel, is the caller's and still spins.</remarks>
internal sealed class RacerPool
{
    private readonly List<Racer> _racers = [];
    private readonly Lock _gate = new();

    /// <summary>Runs <paramref name="body"/>(i) on racer i for i in 0..count-1 and returns when every one has
    /// returned; <paramref name="body"/> must not throw (a race captures each step's failure itself).</summary>
    public void Run(int count, Action<int> body)
    {
        // Races run one at a time (a batch is sequential); the gate only keeps two sessions' races apart.
        lock (_gate)
        {
            while (_racers.Count < count) _racers.Add(new Racer(_racers.Count));
            using var done = new ManualResetEventSlim(false, spinCount: 0);
            int running = count;
            for (int i = 0; i < count; i++)
            {
                int index = i;
                _racers[i].Post(() =>
                {
                    try
                    {
                        body(index);
                    }
                    finally
                    {
                        if (Interlocked.Decrement(ref running) == 0) done.Set();
                    }
                });
            }
            done.Wait();
        }
    }

    /// <summary>One parked background thread running the work posted to it.</summary>
    private sealed class Racer
    {
        /// <summary>Set while work is posted and not yet taken; only the pool's caller posts, one race at a time.</summary>
        private readonly ManualResetEventSlim _posted = new(false, spinCount: 0);
        private Action? _work;

        public Racer(int index) =>
            new Thread(Loop) { IsBackground = true, Name = $"race step {index}" }.Start();

        public void Post(Action work)
        {
            _work = work;
            _posted.Set();
        }

        private void Loop()
        {
            while (true)
            {
                _posted.Wait();
                _posted.Reset();
                var work = Interlocked.Exchange(ref _work, null);
                work?.Invoke();
            }
        }
    }
}
