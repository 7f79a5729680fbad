using HilHarness.BoardAgent.Observers;
using NUnit.Framework;

namespace HilHarness.BoardAgent.Tests.Observers;

/// <summary>Each observer parser on text in the kernel's exact format (kernel-facts A.8, D.4) and on malformed text.</summary>
[TestFixture]
public sealed class ParserTests
{
    [Test]
    [Description("bo_stats lines in vc4's \"%30s: %6dkb BOs (%d)\" format give every label, including the cache lines and long user labels.")]
    public void BoStatsParsesEveryLabel()
    {
        var text = KernelText.BoStatsLine("binner", 16384, 1) + KernelText.BoStatsLine("V3D", 8, 2)
                   + KernelText.BoStatsLine("a user label longer than thirty columns: x", 4, 1)
                   + KernelText.BoStatsLine("userspace BO cache", 12, 3) + KernelText.BoStatsLine("total purged BO", 1024, 7);
        var stats = BoStatsParser.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(stats.Unavailable, Is.Null);
            Assert.That(text, Does.StartWith("                        binner:  16384kb BOs (1)"), "the kernel-facts A.8 sample line");
            Assert.That(stats.Labels!["binner"], Is.EqualTo(new BoStatsEntry { Kb = 16384, Count = 1 }));
            Assert.That(stats.Labels["V3D"], Is.EqualTo(new BoStatsEntry { Kb = 8, Count = 2 }));
            Assert.That(stats.Labels["a user label longer than thirty columns: x"].Count, Is.EqualTo(1));
            Assert.That(stats.Labels["userspace BO cache"].Count, Is.EqualTo(3));
            Assert.That(stats.Labels["total purged BO"].Kb, Is.EqualTo(1024));
        });
    }

    [Test]
    [Description("An empty bo_stats means no BOs, not an error.")]
    public void BoStatsEmptyIsNoLabels()
    {
        var stats = BoStatsParser.Parse("");
        Assert.That(stats.Labels, Is.Empty);
    }

    [TestCase("binner: lots of BOs\n")]
    [TestCase("                        binner:  16384kb BOs (1\n")]
    [TestCase("                        binner:  99999999999999999999kb BOs (1)\n")]
    [Description("A malformed bo_stats line answers unavailable with the line number and text instead of throwing.")]
    public void BoStatsMalformedIsUnavailable(string text)
    {
        var stats = BoStatsParser.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(stats.Labels, Is.Null);
            Assert.That(stats.Unavailable, Does.Contain("line 1"));
        });
    }

    [Test]
    [Description("panthor gems in panthor_gem_debugfs_print_bos's format gives every object (label with spaces, hex flags) and the totals.")]
    public void GemsParsesObjectsAndTotals()
    {
        var text = KernelText.Gems(
            KernelText.GemLine("deqp-vk/1234", 0, 1, 2097152, 2097152, 0x100000000, 0, 1, "Tiler heap chunk"),
            KernelText.GemLine("kworker/u16:3/88", 0, 1, 4096, 0, 0, 0x2, 0x3, "Heap pool"),
            KernelText.GemLine("app/77", 5, 2, 8192, 8192, 0x100200000, 0x1, 0, ""))
            + KernelText.GemsFooter(2109440, 2105344, 0);
        var gems = GemsParser.Parse(text);
        Assert.That(gems.Unavailable, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(gems.Objects, Has.Count.EqualTo(3));
            Assert.That(gems.Objects![0], Is.EqualTo(new GemObject
            {
                CreatedBy = "deqp-vk/1234", GlobalName = 0, Refcount = 1, Size = 2097152, ResidentSize = 2097152,
                FileOffset = 0x100000000, State = 0, Usage = 1, Label = "Tiler heap chunk",
            }));
            Assert.That(gems.Objects[1].CreatedBy, Is.EqualTo("kworker/u16:3/88"));
            Assert.That((gems.Objects[1].State, gems.Objects[1].Usage, gems.Objects[1].Label), Is.EqualTo((2u, 3u, "Heap pool")));
            Assert.That((gems.Objects[2].GlobalName, gems.Objects[2].Label), Is.EqualTo((5L, "")));
            Assert.That((gems.TotalSize, gems.TotalResident, gems.TotalReclaimable), Is.EqualTo(((long?)2109440, (long?)2105344, (long?)0)));
        });
    }

    [Test]
    [Description("The later gems layout with an evictions column is read too, and the column lands in Evictions.")]
    public void GemsWithEvictionsColumn()
    {
        var text = "created-by                      global-name     refcount   evictions  size            resident-size   file-offset       state      usage       label\n"
                   + $"{"app/1",-32}{0,-16}{1,-11}{3,-11}{4096,-16}{0,-16}0x{0,-16:x}0x{4,-8:x} 0x{0,-10:x}buf\n"
                   + KernelText.GemsFooter(4096, 0, 0);
        var gems = GemsParser.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(gems.Unavailable, Is.Null);
            Assert.That((gems.Objects![0].Evictions, gems.Objects[0].Size, gems.Objects[0].State, gems.Objects[0].Label),
                Is.EqualTo(((long?)3, 4096L, 4u, "buf")));
        });
    }

    [TestCase("", "no \"Total size")]
    [TestCase("short line\nTotal size: 0, Total resident: 0, Total reclaimable: 0\n", "shorter than")]
    [TestCase("Total size: x, Total resident: 0, Total reclaimable: 0\n", "malformed totals")]
    [Description("Truncated or malformed gems text answers unavailable with the reason instead of throwing.")]
    public void GemsMalformedIsUnavailable(string text, string reason)
    {
        Assert.That(GemsParser.Parse(KernelText.GemsLegend + text).Unavailable, Does.Contain(reason));
    }

    [Test]
    [Description("fdinfo keeps every key and converts drm_fdinfo_print_size values (0, KiB, MiB) of memory keys to bytes.")]
    public void FdInfoParsesSizes()
    {
        const string text = "pos:\t0\nflags:\t02100002\nmnt_id:\t26\nino:\t1046\ndrm-driver:\tpanthor\ndrm-client-id:\t12\n"
                            + "panthor-resident-memory:\t4104 KiB\npanthor-active-memory:\t0\ndrm-total-memory:\t4 MiB\n"
                            + "drm-shared-memory:\t0\ndrm-resident-memory:\t8 KiB\ndrm-maxfreq-panthor:\t1000000000 Hz\n";
        var info = FdInfoParser.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(info.Unavailable, Is.Null);
            Assert.That(info.Fields!["drm-driver"], Is.EqualTo("panthor"));
            Assert.That(info.Fields["panthor-resident-memory"], Is.EqualTo("4104 KiB"));
            Assert.That(info.Sizes!["panthor-resident-memory"], Is.EqualTo(4104L * 1024));
            Assert.That(info.Sizes["drm-total-memory"], Is.EqualTo(4L << 20));
            Assert.That(info.Sizes["drm-resident-memory"], Is.EqualTo(8192));
            Assert.That(info.Sizes["panthor-active-memory"], Is.EqualTo(0));
            Assert.That(info.Sizes.ContainsKey("pos") || info.Sizes.ContainsKey("drm-maxfreq-panthor"), Is.False, "non-memory keys");
        });
    }

    [TestCase("drm-driver panthor\n", "expected \"key:\\tvalue\"")]
    [TestCase("drm-total-memory:\t4 GiB\n", "not a drm_fdinfo_print_size size")]
    [TestCase("pos:\t0\npos:\t1\n", "appears twice")]
    [Description("Malformed fdinfo answers unavailable naming the line instead of throwing.")]
    public void FdInfoMalformedIsUnavailable(string text, string reason)
    {
        Assert.That(FdInfoParser.Parse(text).Unavailable, Does.Contain(reason));
    }

    [Test]
    [Description("A kmsg record gives priority split into facility and level, sequence, timestamp, flags, decoded text and continuation lines.")]
    public void KmsgParsesRecordWithContinuation()
    {
        var report = KmsgParser.Parse(
            ["4,1234,5000123,-;vc4-drm soc:gpu: [drm] Resetting GPU.\\x5c done\n SUBSYSTEM=platform\n DEVICE=+platform:soc:gpu\n",
             "14,1235,5000200,-,caller=T42;hil-marker step 3\n"], fromSequence: 1200);
        Assert.That(report.Unavailable, Is.Null);
        var first = report.Records![0];
        Assert.Multiple(() =>
        {
            Assert.That((first.Prio, first.Facility, first.Level, first.Seq, first.Usec, first.Flags), Is.EqualTo((4, 0, 4, 1234UL, 5000123UL, "-")));
            Assert.That(first.Text, Is.EqualTo("vc4-drm soc:gpu: [drm] Resetting GPU.\\ done"));
            Assert.That(first.Cont, Is.EqualTo(new[] { "SUBSYSTEM=platform", "DEVICE=+platform:soc:gpu" }));
            Assert.That((report.Records[1].Facility, report.Records[1].Level, report.Records[1].Text), Is.EqualTo((1, 6, "hil-marker step 3")));
            Assert.That(report.NextSeq, Is.EqualTo(1236UL));
        });
    }

    [Test]
    [Description("\\xNN escapes decode to the original bytes as UTF-8, and a lone backslash stays.")]
    public void KmsgUnescapeDecodesUtf8Bytes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(KmsgParser.Unescape("caf\\xc3\\xa9 \\x0a end"), Is.EqualTo("café \n end"));
            Assert.That(KmsgParser.Unescape("a\\b \\x"), Is.EqualTo("a\\b \\x"));
        });
    }

    [TestCase("no header here\n", "no ';'")]
    [TestCase("4,12;text\n", "fewer than 4 fields")]
    [TestCase("x,12,3,-;text\n", "unsigned decimal")]
    [TestCase("4,12,3,-;text\nNOT-A-CONTINUATION\n", "does not start with a space")]
    [Description("A malformed kmsg record answers unavailable with the reason instead of throwing.")]
    public void KmsgMalformedIsUnavailable(string record, string reason)
    {
        Assert.That(KmsgParser.Parse([record], 0).Unavailable, Does.Contain(reason));
    }

    [TestCase("0\n", 0UL, "")]
    [TestCase("512\n", 512UL, "W")]
    [TestCase("640\n", 640UL, "DW")]
    [TestCase("4097\n", 4097UL, "PO")]
    [Description("tainted gives the value and the kernel's flag letters of the set bits.")]
    public void TaintParsesLetters(string text, ulong value, string flags)
    {
        var taint = TaintParser.Parse(text);
        Assert.That((taint.Value, taint.Flags), Is.EqualTo(((ulong?)value, flags)));
    }

    [Test]
    [Description("W is named TAINT_WARN, and non-numeric tainted text is unavailable.")]
    public void TaintNamesAndMalformed()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TaintParser.Parse("512").Names, Is.EqualTo(new[] { "TAINT_WARN" }));
            Assert.That(TaintParser.Parse("W").Unavailable, Does.Contain("unsigned decimal"));
        });
    }

    [Test]
    [Description("meminfo CmaTotal and CmaFree are read in bytes; their absence or a bad unit is unavailable.")]
    public void MeminfoParsesCma()
    {
        var cma = MeminfoParser.Parse("MemTotal:         948304 kB\nCmaTotal:         262144 kB\nCmaFree:          245760 kB\n");
        Assert.Multiple(() =>
        {
            Assert.That((cma.CmaTotal, cma.CmaFree), Is.EqualTo(((long?)(262144L * 1024), (long?)(245760L * 1024))));
            Assert.That(MeminfoParser.Parse("MemTotal: 1 kB\n").Unavailable, Does.Contain("CONFIG_CMA"));
            Assert.That(MeminfoParser.Parse("CmaTotal: 1 MB\nCmaFree: 1 kB\n").Unavailable, Does.Contain("malformed"));
        });
    }
}
