using HilHarness.Agent;

namespace HilHarness.ModelBased;

/// <summary>
/// Model-based testing against one board: generate seeded sequences, run each as one batch, and on the first failure
/// shrink it to a minimal counterexample. A failed run may leave the board in a state the model cannot know (a leaked
/// reference, a crashed agent), so the board is reopened (a fresh agent) after every failing run.
/// </summary>
public sealed class ModelBasedTester(SequenceRunner runner, Func<CancellationToken, Task<IBoardSession>> openBoard) : IAsyncDisposable
{
    private IBoardSession? _board;

    /// <summary>Steps per generated batch.</summary>
    public int BatchLength { get; init; } = 200;

    /// <summary>Board runs that failed (each one reopened the board).</summary>
    public int Reopens { get; private set; }

    /// <summary>Runs random sequences (seeds <paramref name="seed"/>, +1, …) until <paramref name="maxSteps"/> steps
    /// have run or one fails; a failure is shrunk. Null when every step matched the model.</summary>
    public async Task<Counterexample?> SearchAsync(int seed, int maxSteps, CancellationToken cancellationToken)
    {
        int steps = 0;
        for (int batch = 0; steps < maxSteps; batch++)
        {
            var sequence = runner.Generator.Generate(seed + batch, Math.Min(BatchLength, maxSteps - steps));
            var result = await RunAsync(sequence, cancellationToken).ConfigureAwait(false);
            if (!result.Failed)
            {
                steps += sequence.Steps.Count;
                continue;
            }
            steps += Math.Min(sequence.Steps.Count, (result.FailingStep ?? sequence.Steps.Count) + 1);
            var shrinker = new Shrinker(runner.Generator, s => RunAsync(s, cancellationToken));
            var shrunk = await shrinker.ShrinkAsync(result).ConfigureAwait(false);
            return new Counterexample(result, steps, shrunk, shrinker.Runs);
        }
        return null;
    }

    /// <summary>Runs one sequence (a generated one, a shrink candidate, or a saved counterexample being replayed) on
    /// the board in its starting state.</summary>
    public async Task<MbtRunResult> RunAsync(MbtSequence sequence, CancellationToken cancellationToken)
    {
        _board ??= await openBoard(cancellationToken).ConfigureAwait(false);
        var result = await runner.RunAsync(_board, sequence, cancellationToken).ConfigureAwait(false);
        if (result.Failed)
        {
            Reopens++;
            await _board.DisposeAsync().ConfigureAwait(false);
            _board = null;
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_board is not null) await _board.DisposeAsync().ConfigureAwait(false);
        _board = null;
    }
}
