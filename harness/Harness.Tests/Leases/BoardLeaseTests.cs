using NUnit.Framework;
using HilHarness.Leases;
using HilHarness.Transport;

namespace HilHarness.Tests.Leases;

public sealed class BoardLeaseTests
{
    private string _home = "";
    private readonly List<string> _log = [];

    [SetUp]
    public void CreateHome() => _home = Directory.CreateTempSubdirectory("hil-lease-").FullName;

    [TearDown]
    public void RemoveHome() => Directory.Delete(_home, recursive: true);

    private Task<BoardLease> Acquire(LeaseOwner owner, TimeSpan wait) =>
        BoardLease.AcquireAsync(new LocalTransport("board-a", _home), owner, TimeSpan.FromSeconds(60), wait, TimeSpan.FromMilliseconds(50),
            TimeProvider.System, _log.Add, CancellationToken.None);

    private static LeaseOwner Owner(string who) => new(who, "host-" + who, 4242, Guid.NewGuid().ToString("N"));

    [Test]
    [Description("While one run holds a board, a second run is refused with a message naming the holder, host and pid.")]
    public async Task SecondRunIsRefusedNamingTheHolder()
    {
        await using var first = await Acquire(Owner("alice nightly"), TimeSpan.Zero);
        var error = Assert.ThrowsAsync<InfraException>(() => Acquire(Owner("bob"), TimeSpan.Zero));
        Assert.That(error!.Kind, Is.EqualTo(InfraErrorKind.Lease));
        Assert.That(error.Message, Does.StartWith("board-a: the board is leased by alice nightly (host host-alice nightly, pid 4242) until "));
    }

    [Test]
    [Description("Releasing a lease lets the next run take the board at once.")]
    public async Task ReleasedLeaseCanBeRetaken()
    {
        var first = await Acquire(Owner("alice"), TimeSpan.Zero);
        await first.DisposeAsync();
        await using var second = await Acquire(Owner("bob"), TimeSpan.Zero);
        var (holder, expired) = await BoardLease.InspectAsync(new LocalTransport("board-a", _home), CancellationToken.None);
        Assert.That((holder?.Owner, expired), Is.EqualTo(("bob", false)));
    }

    [Test]
    [Description("A waiting run gets the board as soon as the holder releases it, within its wait budget.")]
    public async Task WaitingRunGetsBoardAfterRelease()
    {
        var first = await Acquire(Owner("alice"), TimeSpan.Zero);
        var waiting = Acquire(Owner("bob"), TimeSpan.FromSeconds(20));
        await first.DisposeAsync();
        await using var second = await waiting;
        Assert.That(second.Owner.Owner, Is.EqualTo("bob"));
    }

    [Test]
    [Description("An expired lease left by a dead run is broken, with a log line naming its old owner, and the new run gets the board.")]
    public async Task ExpiredLeaseIsBrokenWithLogLine()
    {
        string dir = Path.Combine(_home, ".cache/hil-agent/lease");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "lease.json"),
            """{"owner":"carol ci-job-17","host":"ci-3","pid":99,"token":"deadbeef","acquired":1000,"expires":2000}""" + "\n");
        await using var lease = await Acquire(Owner("dave"), TimeSpan.Zero);
        Assert.That(_log, Has.Some.StartsWith("board-a: broke the expired lease of carol ci-job-17 (host ci-3, pid 99), expired "));
    }

    [Test]
    [Description("A heartbeat renews a held lease, and reports the lease lost once another run has taken the board.")]
    public async Task RenewDetectsLostLease()
    {
        await using var lease = await Acquire(Owner("erin"), TimeSpan.Zero);
        Assert.That(await lease.RenewAsync(CancellationToken.None), Is.True);
        Directory.Delete(Path.Combine(_home, ".cache/hil-agent/lease"), recursive: true);
        Assert.That((await lease.RenewAsync(CancellationToken.None), lease.Lost), Is.EqualTo((false, true)));
    }

    [Test]
    [Description("Owner strings with quotes and shell syntax are stored verbatim in lease.json and never executed.")]
    public async Task HostileOwnerIsStoredVerbatim()
    {
        string hostile = "x\"; $(touch pwned) `id` 'q'";
        await using var lease = await Acquire(Owner(hostile), TimeSpan.Zero);
        var (holder, _) = await BoardLease.InspectAsync(new LocalTransport("board-a", _home), CancellationToken.None);
        Assert.That((holder?.Owner, File.Exists(Path.Combine(_home, "pwned"))), Is.EqualTo((hostile, false)));
    }
}
