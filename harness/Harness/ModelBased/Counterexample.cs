namespace HilHarness.ModelBased;

/// <summary>What a model-based search found: the first failing sequence, the steps run until then, and the shrunk
/// sequence with how many board runs shrinking took.</summary>
public sealed record Counterexample(MbtRunResult Found, int StepsToFind, MbtRunResult Shrunk, int ShrinkRuns)
{
    public string Describe() =>
        $"counterexample after {StepsToFind} generated steps (seed {Found.Sequence.Seed}), shrunk from {Found.Sequence.Steps.Count} to {Shrunk.Sequence.Steps.Count} steps in {ShrinkRuns} runs\n{Shrunk.Describe()}";
}
