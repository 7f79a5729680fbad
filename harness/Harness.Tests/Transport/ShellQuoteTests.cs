using NUnit.Framework;
using HilHarness.Transport;

namespace HilHarness.Tests.Transport;

public sealed class ShellQuoteTests
{
    private string _scratch = "";

    [SetUp]
    public void CreateScratch() => _scratch = Directory.CreateTempSubdirectory("hil-quote-").FullName;

    [TearDown]
    public void RemoveScratch() => Directory.Delete(_scratch, recursive: true);

    public static IEnumerable<string> Hostile() =>
    [
        "$(touch {0}/pwned)", "`touch {0}/pwned`", "x; touch {0}/pwned", "x' ; touch {0}/pwned; echo '", "\"; touch {0}/pwned; \"",
        "a\ntouch {0}/pwned", "x && touch {0}/pwned", "x | touch {0}/pwned", "$HOME ${{IFS}} * ? ~ #", "-n", "", "'", "\\'",
        "x > {0}/pwned", "<(touch {0}/pwned)",
    ];

    [TestCaseSource(nameof(Hostile))]
    [Description("A hostile argument reaches the command as exactly one literal word and never runs a command or creates a file.")]
    public async Task HostileArgumentStaysOneLiteralWord(string template)
    {
        string argument = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _scratch);
        var transport = new LocalTransport("quote-test", _scratch);
        var result = await transport.RunAsync($"printf '%s|' {ShellQuote.Join(["first", argument])}", TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.That(result.Stdout, Is.EqualTo($"first|{argument}|"));
        Assert.That(File.Exists(Path.Combine(_scratch, "pwned")), Is.False, "the argument ran a command");
    }

    [Test]
    [Description("Plain words stay unquoted for readable logs, and anything else is single-quoted.")]
    public void PlainWordsStayReadable() =>
        Assert.That(ShellQuote.Join(["dotnet", ".cache/hil-agent/ab12/hil-agent.dll", "--kernel", "sim:rpi3-6.12+E1", "a b", "it's"]),
            Is.EqualTo("dotnet .cache/hil-agent/ab12/hil-agent.dll --kernel sim:rpi3-6.12+E1 'a b' 'it'\\''s'"));

    [Test]
    [Description("A NUL byte cannot be passed through a shell, so it is refused instead of being silently truncated.")]
    public void NulIsRefused() => Assert.Throws<ArgumentException>(() => ShellQuote.Quote("a\0b"));
}
