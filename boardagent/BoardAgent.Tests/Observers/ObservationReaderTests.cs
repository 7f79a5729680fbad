using System.Text.Json;
using HilHarness.BoardAgent.Observers;
using HilHarness.Uapi;
using NUnit.Framework;

namespace HilHarness.BoardAgent.Tests.Observers;

/// <summary>ObservationReader over a fake kernel: source discovery, unavailable reasons, kmsg continuation.</summary>
[TestFixture]
public sealed class ObservationReaderTests
{
    [Test]
    [Description("bo_stats is found by probing the minors under /sys/kernel/debug/dri, skipping minors without the file.")]
    public void BoStatsFoundByProbingMinors()
    {
        var kernel = new FakeFileKernel();
        kernel.Directories["/sys/kernel/debug/dri"] = ["0", "128", "1", "fec00000.v3d"];
        kernel.Files["/sys/kernel/debug/dri/1/bo_stats"] = KernelText.BoStatsLine("binner", 16384, 1);
        var stats = new ObservationReader(kernel).ReadBoStats();
        Assert.That(stats.Labels!["binner"].Kb, Is.EqualTo(16384));
    }

    [Test]
    [Description("Without debugfs every debugfs source is unavailable with the path and errno, and nothing throws.")]
    public void MissingDebugfsIsUnavailable()
    {
        var observations = new ObservationReader(new FakeFileKernel()).Read(ObservationSources.All, fd: 3);
        Assert.Multiple(() =>
        {
            Assert.That(observations.BoStats!.Unavailable, Does.Contain("/sys/kernel/debug/dri: ENOENT"));
            Assert.That(observations.Gems!.Unavailable, Does.Contain("debugfs"));
            Assert.That(observations.FdInfo!.Unavailable, Does.Contain("/proc/self/fdinfo/3: ENOENT"));
            Assert.That(observations.Taint!.Unavailable, Does.Contain("ENOENT"));
            Assert.That(observations.RuntimePm!.Unavailable, Does.Contain("/sys/bus/platform/devices"));
            Assert.That(observations.Meminfo!.Unavailable, Does.Contain("/proc/meminfo"));
            Assert.That(observations.Kmsg!.Unavailable, Is.Null, "the fake serves an empty log");
        });
    }

    [Test]
    [Description("fdinfo without an fd says it needs one.")]
    public void FdInfoNeedsAnFd()
    {
        Assert.That(new ObservationReader(new FakeFileKernel()).ReadFdInfo(null).Unavailable, Does.Contain("needs the fd"));
    }

    [Test]
    [Description("runtime_pm reads power/runtime_status of the *v3d* platform device.")]
    public void RuntimePmReadsTheV3dDevice()
    {
        var kernel = new FakeFileKernel();
        kernel.Directories["/sys/bus/platform/devices"] = ["3f400000.hvs", "3fc00000.v3d"];
        kernel.Files["/sys/bus/platform/devices/3fc00000.v3d/power/runtime_status"] = "suspended\n";
        var pm = new ObservationReader(kernel).ReadRuntimePm();
        Assert.That((pm.Status, pm.Device), Is.EqualTo(("suspended", "3fc00000.v3d")));
    }

    [Test]
    [Description("A second kmsg observe without kmsg_from continues where the previous one stopped.")]
    public void KmsgContinuesFromThePreviousRead()
    {
        var kernel = new FakeFileKernel();
        kernel.Kmsg.AddRange(["6,0,10,-;first\n", "6,1,20,-;second\n"]);
        var reader = new ObservationReader(kernel);
        var first = reader.ReadKmsg(null);
        kernel.Kmsg.Add("4,2,30,-;third\n");
        var second = reader.ReadKmsg(null);
        Assert.Multiple(() =>
        {
            Assert.That(first.Records!.Select(r => r.Text), Is.EqualTo(new[] { "first", "second" }));
            Assert.That(second.Records!.Select(r => r.Text), Is.EqualTo(new[] { "third" }));
            Assert.That(second.NextSeq, Is.EqualTo(3UL));
        });
    }

    [Test]
    [Description("A refused /dev/kmsg is unavailable with its errno.")]
    public void RefusedKmsgIsUnavailable()
    {
        var kernel = new FakeFileKernel { KmsgErrno = Errno.EPERM };
        Assert.That(new ObservationReader(kernel).ReadKmsg(0).Unavailable, Is.EqualTo("/dev/kmsg: EPERM"));
    }

    [Test]
    [Description("An observation serialises as its value or as {\"unavailable\": reason}, with the protocol's field names.")]
    public void ObservationsSerialiseInTheProtocolShape()
    {
        var observations = new Observations
        {
            Taint = TaintParser.FromValue(512),
            BoStats = BoStats.NotAvailable("no debugfs"),
            Meminfo = new CmaInfo { CmaTotal = 1024, CmaFree = 0 },
        };
        var json = JsonSerializer.Serialize(observations);
        Assert.That(json, Is.EqualTo(
            "{\"bo_stats\":{\"unavailable\":\"no debugfs\"},\"taint\":{\"value\":512,\"flags\":\"W\",\"names\":[\"TAINT_WARN\"]}," +
            "\"meminfo\":{\"CmaTotal\":1024,\"CmaFree\":0}}"));
    }
}
