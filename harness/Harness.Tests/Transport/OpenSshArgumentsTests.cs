using NUnit.Framework;
using HilHarness.Inventory;
using HilHarness.Transport;

namespace HilHarness.Tests.Transport;

public sealed class OpenSshArgumentsTests
{
    private static BoardRecord Board(bool acceptNew = false) => new()
    {
        Name = "pi", Driver = "vc4", Kind = "ssh", Kernel = "linux", Host = "lab-7", Port = 2222, User = "hil",
        KnownHosts = "/keys/known_hosts", IdentityFile = "/keys/id", JumpHost = "gw.example", AcceptNewHostKey = acceptNew,
    };

    [Test]
    [Description("The ssh command pins host-key checking to the board's known_hosts, keys only, batch mode, a per-board control master, and ends options before the host.")]
    public void CommandPinsSafetyOptions()
    {
        var argv = OpenSshArguments.Command(Board(), "/tmp/cm", TimeSpan.FromSeconds(10), "true");
        string line = string.Join(' ', argv);
        Assert.That(line, Does.Contain("-o BatchMode=yes").And.Contain("-o StrictHostKeyChecking=yes").And.Contain("-o UserKnownHostsFile=/keys/known_hosts")
            .And.Contain("-o IdentitiesOnly=yes -i /keys/id").And.Contain("-o ControlMaster=auto").And.Contain("-o ControlPath=/tmp/cm/%C")
            .And.Contain("-J gw.example").And.Contain("-l hil").And.Contain("-p 2222").And.EndWith("-- lab-7 true"));
        Assert.That(argv, Has.None.EqualTo("-F"), "the user's ~/.ssh/config must stay in force");
    }

    [Test]
    [Description("Only a board that says acceptNewHostKey gets accept-new; the default refuses unknown keys.")]
    public void AcceptNewOnlyWhenTheBoardSaysSo() =>
        Assert.That(string.Join(' ', OpenSshArguments.Options(Board(acceptNew: true), "/tmp/cm", TimeSpan.FromSeconds(5))), Does.Contain("StrictHostKeyChecking=accept-new"));

    [TestCase("@@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@@", InfraErrorKind.HostKey)]
    [TestCase("No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.", InfraErrorKind.HostKey)]
    [TestCase("hil@127.0.0.1: Permission denied (publickey).", InfraErrorKind.Authentication)]
    [TestCase("ssh: connect to host 127.0.0.1 port 1: Connection refused", InfraErrorKind.Unreachable)]
    [Description("ssh's stderr is classified so a host-key refusal is reported as such, not as an unreachable board.")]
    public void StderrIsClassified(string stderr, InfraErrorKind expected) =>
        Assert.That(OpenSshArguments.Classify(stderr).Kind, Is.EqualTo(expected));
}
