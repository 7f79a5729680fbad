using System.Security.Cryptography;
using System.Text;
using HilHarness.Model;
using HilHarness.ModelBased;
using NUnit.Framework;

namespace HilHarness.Tests.ModelBased;

/// <summary>
/// Pins what the panthor generator produces for a few seeds, so a performance refactor of the proposer or the panthor
/// model (ordinal comparers, fewer allocations) cannot change the sequences a seed names: a saved counterexample and
/// the seeds in reports must keep replaying the same steps. A semantic change of the model may move these hashes; then
/// re-pin them in the same commit and say why.
/// </summary>
public sealed class GeneratedSequencePinTests
{
    private static readonly BoardSemantics Rk3588 = new("panthor", new Version(6, 18), new Version(1, 5), DebugfsReadable: true, Simulated: true);

    [TestCase(1, "92F3570F")]
    [TestCase(71, "C4236DEA")]
    [TestCase(4242, "6F8FEB1C")]
    [Description("The panthor generator gives, for a pinned seed, 300 steps whose printed op list hashes to the pinned value.")]
    public void PanthorSequenceOfSeedIsPinned(int seed, string pinned)
    {
        var sequence = new SequenceGenerator(new PanthorProposer(), Rk3588).Generate(seed, 300);
        Assert.That(Hash(sequence.Describe()), Is.EqualTo(pinned), sequence.Describe);
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
}
