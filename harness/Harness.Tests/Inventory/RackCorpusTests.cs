using NUnit.Framework;
using System.Runtime.CompilerServices;
using HilHarness.Inventory;

namespace HilHarness.Tests.Inventory;

/// <summary>Every malformed rack file in Corpus/ must fail with exactly the message in its .expected sibling.</summary>
public sealed class RackCorpusTests
{
    private static string CorpusDirectory([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Corpus");

    public static IEnumerable<TestCaseData> Cases() =>
        Directory.EnumerateFiles(CorpusDirectory(), "*.json").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetFileNameWithoutExtension(path)).SetName($"Corpus_{Path.GetFileNameWithoutExtension(path)}"));

    [Test]
    [Description("A malformed boards.json is refused with the exact error that names the file, line, JSON path and what was expected.")]
    [TestCaseSource(nameof(Cases))]
    public void MalformedRackGivesItsExpectedError(string name)
    {
        string text = File.ReadAllText(Path.Combine(CorpusDirectory(), name + ".json"));
        string expected = File.ReadAllText(Path.Combine(CorpusDirectory(), name + ".expected")).TrimEnd('\n');
        var error = Assert.Throws<InventoryException>(() => RackLoader.Parse(text, "boards.json", "/rack"));
        Assert.That(error!.Message, Is.EqualTo(expected));
    }

    [Test]
    [Description("The corpus holds at least 30 cases, each with an expected message, so coverage of bad input cannot silently shrink.")]
    public void CorpusHasThirtyCasesEachWithExpectation()
    {
        var cases = Directory.EnumerateFiles(CorpusDirectory(), "*.json").ToList();
        Assert.That(cases, Has.Count.GreaterThanOrEqualTo(30));
        Assert.That(cases.Where(c => !File.Exists(Path.ChangeExtension(c, ".expected"))), Is.Empty);
    }
}
