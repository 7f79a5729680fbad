using NUnit.Framework;
using HilHarness.Inventory;

namespace HilHarness.Tests.Inventory;

public sealed class EditDistanceTests
{
    [TestCase("kitten", "sitting", 3)]
    [TestCase("identifyFile", "identityFile", 1)]
    [TestCase("", "abc", 3)]
    [TestCase("same", "same", 0)]
    [Description("Levenshtein distance counts insertions, deletions and substitutions.")]
    public void DistanceIsLevenshtein(string a, string b, int expected) =>
        Assert.That(EditDistance.Between(a, b), Is.EqualTo(expected));

    [Test]
    [Description("A word far from every candidate gets no suggestion rather than a misleading one.")]
    public void FarWordGetsNoSuggestion() =>
        Assert.That(EditDistance.Suggest("colour", RackLoaderFields()), Is.Null);

    private static string[] RackLoaderFields() => ["name", "driver", "kind", "host", "port"];
}
