namespace HilHarness.BoardAgent.Ops;

/// <summary>
/// The threads <c>race</c> runs its steps on, started once and parked between races: a model-based batch races every
/// few steps, and starting and joining fresh threads for each race cost more than the race itself. Racers are
/// released together by the caller's barrier as fresh threads would be (parked threads start with less skew).
/// </summary>
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
            using var done = new CountdownEvent(count);
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
                        done.Signal();
                    }
                });
            }
            done.Wait();
        }
    }

    /// <summary>One parked background thread running the work posted to it.</summary>
    private sealed class Racer
    {
        private readonly SemaphoreSlim _posted = new(0, 1);
        private Action? _work;

        public Racer(int index) =>
            new Thread(Loop) { IsBackground = true, Name = $"race step {index}" }.Start();

        public void Post(Action work)
        {
            _work = work;
            _posted.Release();
        }

        private void Loop()
        {
            while (true)
            {
                _posted.Wait();
                var work = Interlocked.Exchange(ref _work, null);
                work?.Invoke();
            }
        }
    }
}
