using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HilHarness.Model;
using HilHarness.ModelBased;
using NUnit.Framework;

namespace HilHarness.Tests.ModelBased;

/// <summary>
/// Pins what the generators produce for a few seeds, and what the model predicts for every step of it (errno, out
/// fields, observations), so a performance refactor of a proposer or a model (ordinal comparers, no exceptions on the
/// precondition path, observations computed once) can change neither the sequences a seed names nor a single
/// prediction. A semantic change of the model may move these hashes; then re-pin them in the same commit and say why.
/// </summary>
public sealed class GeneratedTracePinTests
{
    private static readonly BoardSemantics Rpi3 = new("vc4", new Version(6, 12), new Version(0, 0), DebugfsReadable: true, Simulated: true);
    private static readonly BoardSemantics Rk3588 = new("panthor", new Version(6, 18), new Version(1, 5), DebugfsReadable: true, Simulated: true);

    [TestCase(1, "85400B77", "6AF05BE7")]
    [TestCase(71, "783A7F6C", "A8243EA6")]
    [TestCase(4242, "DBDC1119", "AADCBD68")]
    [Description("The vc4 generator gives, for a pinned seed, 300 steps whose op list and per-step predictions hash to the pinned values.")]
    public void Vc4SequenceAndPredictionsOfSeedArePinned(int seed, string pinnedSteps, string pinnedPredictions) =>
        AssertPinned(new SequenceGenerator(new Vc4Proposer(), Rpi3), seed, pinnedSteps, pinnedPredictions);

    [TestCase(1, "92F3570F", "10287903")]
    [TestCase(71, "C4236DEA", "FB2157E0")]
    [TestCase(4242, "6F8FEB1C", "3C048E40")]
    [Description("The panthor generator's per-step predictions for a pinned seed's 300 steps hash to the pinned value.")]
    public void PanthorPredictionsOfSeedArePinned(int seed, string pinnedSteps, string pinnedPredictions) =>
        AssertPinned(new SequenceGenerator(new PanthorProposer(), Rk3588), seed, pinnedSteps, pinnedPredictions);

    private static void AssertPinned(SequenceGenerator generator, int seed, string pinnedSteps, string pinnedPredictions)
    {
        var sequence = generator.Generate(seed, 300);
        var trace = generator.Trace(sequence) ?? throw new AssertionException($"seed {seed}: the generator's own sequence has no trace");
        var predictions = Enumerable.Range(0, trace.Count).Select(trace.Prediction).ToList();
        string predicted = JsonSerializer.Serialize(predictions);
        Assert.Multiple(() =>
        {
            Assert.That(Hash(sequence.Describe()), Is.EqualTo(pinnedSteps), sequence.Describe);
            Assert.That(Hash(predicted), Is.EqualTo(pinnedPredictions), $"seed {seed}: predictions of the pinned sequence");
        });
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
}
