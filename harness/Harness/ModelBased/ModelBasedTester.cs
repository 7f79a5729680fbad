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
    /// <remarks>Pipelined, with the same sequences and verdicts as running them one after the other: the next
    /// sequences are generated on another thread, and the board runs the next batch while this one is judged (each
    /// batch leaves the board as it found it). After a failure the next batch's answers are dropped with the board.</remarks>
    public async Task<Counterexample?> SearchAsync(int seed, int maxSteps, CancellationToken cancellationToken)
    {
        var lengths = new List<int>();
        for (int planned = 0; planned < maxSteps; planned += lengths[^1]) lengths.Add(Math.Min(BatchLength, maxSteps - planned));
        if (lengths.Count == 0) return null;
        var prepared = new Task<MbtPlan>?[lengths.Count];
        Task<MbtPlan> Prepare(int batch) => prepared[batch] ??=
            Task.Run(() => runner.Plan(runner.Generator.Generate(seed + batch, lengths[batch])), cancellationToken);

        var board = _board ??= await openBoard(cancellationToken).ConfigureAwait(false);
        var plan = await Prepare(0).ConfigureAwait(false);
        Task<BatchOutcome>? running = board.RunBatchAsync(plan.Wire, plan.Options, cancellationToken);
        int steps = 0;
        for (int batch = 0; running is not null; batch++)
        {
            if (batch + 1 < lengths.Count) _ = Prepare(batch + 1);
            var outcome = await running.ConfigureAwait(false);
            var next = batch + 1 < lengths.Count ? await Prepare(batch + 1).ConfigureAwait(false) : null;
            running = next is null ? null : board.RunBatchAsync(next.Wire, next.Options, cancellationToken);
            var result = runner.Judge(board.BoardName, plan, outcome);
            if (!result.Failed)
            {
                steps += plan.Sequence.Steps.Count;
                if (next is not null) plan = next;
                continue;
            }
            if (running is not null) await running.ConfigureAwait(false);
            await DropBoardAsync().ConfigureAwait(false);
            steps += Math.Min(plan.Sequence.Steps.Count, (result.FailingStep ?? plan.Sequence.Steps.Count) + 1);
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
        if (result.Failed) await DropBoardAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>After a failed run: the board may hold state the model cannot know, so the next run gets a fresh one.</summary>
    private async Task DropBoardAsync()
    {
        Reopens++;
        if (_board is not null) await _board.DisposeAsync().ConfigureAwait(false);
        _board = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_board is not null) await _board.DisposeAsync().ConfigureAwait(false);
        _board = null;
    }
}
