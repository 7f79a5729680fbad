using System.Collections.Immutable;
using System.Text;
using HilHarness.Model;
using HilHarness.Model.Drm;
using HilHarness.Scenarios;

namespace HilHarness.Suites;

/// <summary>
/// The DRM-core suite as data: what vgem and virtio-gpu share (VERSION, GET_CAP, GEM handles, dumb buffers and
/// their mmap, PRIME, syncobjs, the render node's refusals), each case once per driver and predicted by
/// <see cref="DrmCoreModel"/> for the board's kernel. IGT's core_getversion, prime_self_import, dumb_buffer and
/// syncobj_basic cover the same ground.
/// </summary>
public static class DrmCoreCases
{
    public const string Suite = "drm-core";

    private const long PrimeFlags = 0x80002;          // DRM_CLOEXEC | DRM_RDWR, as libdrm's callers pass
    private const long SyncobjWaitForSubmit = 0x2;
    private const long Bytes64x64 = 64 * 64 * 4;

    private static readonly byte[] Payload = Encoding.ASCII.GetBytes("hil-harness drm-core");

    public static IReadOnlyList<SuiteCase> All { get; } = [.. DrmCoreDriver.Names.SelectMany(ForDriver)];

    private static (string, OpArg) Fd(string file) => ("fd", OpArg.Sym(file));
    private static (string, OpArg) N(string name, long value) => (name, OpArg.Of(value));
    private static (string, OpArg) H(string handle) => ("handle", OpArg.Sym(handle));
    private static (string, OpArg) DmaBuf(string name, string export) => (name, OpArg.Sym(export, "obj_fd"));

    private static Scenario Dumb(this Scenario s, string file, string bo, long width = 64, long height = 64, long bpp = 32) =>
        s.Add("drm.mode_create_dumb", bo, Fd(file), N("width", width), N("height", height), N("bpp", bpp));

    private static Scenario MapDumb(this Scenario s, string file, string bo, string offset) => s.Add("drm.mode_map_dumb", offset, Fd(file), H(bo));

    private static Scenario MmapOffset(this Scenario s, string file, string offset, string map, long length = Bytes64x64) =>
        s.Add("mmap", map, Fd(file), ("offset", OpArg.Sym(offset, "offset")), N("length", length), ("prot", OpArg.Str("rw")));

    private static Scenario Write(this Scenario s, string map, long offset, byte[] data) =>
        s.Add("map.write", null, ("map", OpArg.Sym(map)), N("offset", offset), ("data", OpArg.Bytes(data)));

    private static Scenario Read(this Scenario s, string map, long offset, long length) =>
        s.Add("map.read", null, ("map", OpArg.Sym(map)), N("offset", offset), N("length", length));

    private static Scenario Export(this Scenario s, string file, string bo, string export) =>
        s.Add("drm.prime_handle_to_fd", export, Fd(file), H(bo), N("flags", PrimeFlags));

    private static Scenario Import(this Scenario s, string file, string export, string bo) =>
        s.Add("drm.prime_fd_to_handle", bo, Fd(file), DmaBuf("obj_fd", export));

    private static Scenario CloseDmaBuf(this Scenario s, string export) => s.Add("close", null, DmaBuf("fd", export));

    private static Scenario Cap(this Scenario s, string file, ulong cap) => s.Add("drm.get_cap", null, Fd(file), N("capability", (long)cap));

    private static Scenario Syncobj(this Scenario s, string op, string file, string syncobj) =>
        s.Add(op, null, Fd(file), ("handles", OpArg.List([OpArg.Sym(syncobj)])));

    private static Scenario SyncobjWait(this Scenario s, string file, string syncobj, long flags = 0) =>
        s.Add("drm.syncobj_wait", null, Fd(file), ("handles", OpArg.List([OpArg.Sym(syncobj)])), N("flags", flags), N("relative_timeout_ns", 20_000_000));

    private static IEnumerable<SuiteCase> ForDriver(string driver)
    {
        SuiteCase Case(string name, string description, Action<Scenario> build, string? igt = null) =>
            new(Suite, driver, $"{name}_{driver}", description, build) { Igt = igt, Categories = ImmutableArray.Create(Suite) };
        Scenario Open(Scenario s, string file = "f") => s.Open(file, driver);

        yield return Case("VersionNamesTheDriver",
            "DRM_IOCTL_VERSION answers the driver's name and the version its hello reported.",
            s => Open(s).Add("drm.version", null, Fd("f")).Close("f"), "core_getversion");
        yield return Case("GetCapAnswersCommonCapsAndKmsCapsOnlyForKms",
            "GET_CAP answers TIMESTAMP_MONOTONIC, PRIME and SYNCOBJ on every driver; DUMB_BUFFER and CRTC_IN_VBLANK_EVENT only on a KMS driver (EOPNOTSUPP on vgem); an unknown cap is EINVAL on KMS, EOPNOTSUPP otherwise.",
            s => Open(s).Cap("f", DrmCaps.TimestampMonotonic).Cap("f", DrmCaps.Prime).Cap("f", DrmCaps.Syncobj)
                .Cap("f", DrmCaps.DumbBuffer).Cap("f", DrmCaps.CrtcInVblankEvent).Cap("f", 0x7fff).Close("f"), "core_getversion");
        yield return Case("DumbBufferMapWriteReadDestroy",
            "A 64x64x32 dumb buffer reads back zeroed through MAP_DUMB + mmap, returns what was written, and DESTROY_DUMB twice is EINVAL the second time.",
            s => Open(s).Dumb("f", "a").MapDumb("f", "a", "off").MmapOffset("f", "off", "m").Read("m", 0, 16).Write("m", 100, Payload)
                .Read("m", 100, Payload.Length).Add("munmap", null, ("map", OpArg.Sym("m")))
                .Add("drm.mode_destroy_dumb", null, Fd("f"), H("a")).Add("drm.mode_destroy_dumb", null, Fd("f"), H("a")).Close("f"), "dumb_buffer");
        yield return Case("DumbArgumentErrors",
            "CREATE_DUMB with width 0 is EINVAL, bpp 16 is the driver's choice (vgem sizes it, virtio-gpu refuses it), and MAP_DUMB of an unknown handle is ENOENT.",
            s => Open(s).Dumb("f", "z", width: 0).Dumb("f", "h16", bpp: 16)
                .Add("drm.mode_map_dumb", "bad", Fd("f"), N("handle", 77)).Close("f"), "dumb_buffer");
        yield return Case("GemCloseErrorsAndLowestFreeHandle",
            "GEM_CLOSE of an unknown handle, of handle 0 and of an already closed handle is EINVAL, and a new handle takes the lowest free number.",
            s => Open(s).Add("drm.gem_close", null, Fd("f"), N("handle", 99)).Add("drm.gem_close", null, Fd("f"), N("handle", 0))
                .Dumb("f", "a").Dumb("f", "b").GemClose("f", "a").GemClose("f", "a").Dumb("f", "c").Close("f"));
        yield return Case("PrimeSelfImportReturnsSameHandle",
            "Importing one's own PRIME export returns the very handle exported, and so does importing a second export of it.",
            s => Open(s).Dumb("f", "a").Export("f", "a", "e1").Import("f", "e1", "a1").Export("f", "a", "e2").Import("f", "e2", "a2")
                .CloseDmaBuf("e1").CloseDmaBuf("e2").GemClose("f", "a").Close("f"), "prime_self_import");
        yield return Case("DmaBufKeepsObjectAfterGemClose",
            "After GEM_CLOSE the exported dma-buf still holds the object: reimport gives a new handle whose mapping reads what was written before the close.",
            s => Open(s).Dumb("f", "a").MapDumb("f", "a", "off").MmapOffset("f", "off", "m").Write("m", 8, Payload)
                .Add("munmap", null, ("map", OpArg.Sym("m"))).Export("f", "a", "e").Dumb("f", "b").GemClose("f", "a").Dumb("f", "c")
                .Import("f", "e", "again").MapDumb("f", "again", "off2").MmapOffset("f", "off2", "m2").Read("m2", 8, Payload.Length)
                .Add("munmap", null, ("map", OpArg.Sym("m2"))).CloseDmaBuf("e").GemClose("f", "again").Close("f"), "prime_self_import");
        yield return Case("MmapAfterGemCloseIsRefused",
            "A file that closed its handle may no longer mmap the object's offset (EACCES) even while a dma-buf keeps the object alive.",
            s => Open(s).Dumb("f", "a").MapDumb("f", "a", "off").Export("f", "a", "e").GemClose("f", "a").MmapOffset("f", "off", "m")
                .CloseDmaBuf("e").Close("f"));
        yield return Case("PrimeImportErrors",
            "PRIME_FD_TO_HANDLE of a DRM file's fd (not a dma-buf) is EINVAL and of a closed dma-buf fd is EBADF; export of an unknown handle is ENOENT.",
            s => Open(s).Dumb("f", "a").Add("drm.prime_fd_to_handle", "x", Fd("f"), ("obj_fd", OpArg.Sym("f"))).Export("f", "a", "e").CloseDmaBuf("e").Import("f", "e", "y")
                .Add("drm.prime_handle_to_fd", "bad", Fd("f"), N("handle", 42), N("flags", PrimeFlags)).Close("f"));
        yield return Case("ImportInAnotherFileSharesContents",
            "A second file imports the first file's export as its own handle 1 and reads through it what the first wrote.",
            s => Open(Open(s), "g").Dumb("f", "a").MapDumb("f", "a", "off").MmapOffset("f", "off", "m").Write("m", 0, Payload)
                .Export("f", "a", "e").Import("g", "e", "ga").MapDumb("g", "ga", "goff").MmapOffset("g", "goff", "gm").Read("gm", 0, Payload.Length)
                .Add("munmap", null, ("map", OpArg.Sym("m"))).Add("munmap", null, ("map", OpArg.Sym("gm"))).CloseDmaBuf("e").Close("g").Close("f"), "prime_self_import");
        yield return Case("RenderNodeRefusesDumbButAllowsCoreIoctls",
            "On the render node CREATE_DUMB and MAP_DUMB are EACCES while VERSION, GET_CAP and GEM_CLOSE reach the core.",
            s => s.Add("open", "r", ("driver", OpArg.Str(driver)), ("node", OpArg.Str("render"))).Dumb("r", "a")
                .Add("drm.mode_map_dumb", "off", Fd("r"), N("handle", 1)).Add("drm.version", null, Fd("r")).Cap("r", DrmCaps.Prime)
                .Add("drm.gem_close", null, Fd("r"), N("handle", 1)).Close("r"));
        yield return Case("SyncobjLifecycleWithRealTimeout",
            "SYNCOBJ create, wait on an unsignaled syncobj (EINVAL, or ETIME after a real 20 ms with WAIT_FOR_SUBMIT), signal, wait, reset and destroy, or EOPNOTSUPP throughout where the driver has no syncobjs.",
            s => Open(s).Add("drm.syncobj_create", "so", Fd("f"), N("flags", 0)).SyncobjWait("f", "so")
                .Syncobj("drm.syncobj_signal", "f", "so").SyncobjWait("f", "so").Syncobj("drm.syncobj_reset", "f", "so")
                .SyncobjWait("f", "so", SyncobjWaitForSubmit).Add("drm.syncobj_destroy", null, Fd("f"), H("so"))
                .Add("drm.syncobj_destroy", null, Fd("f"), H("so")).Close("f"), "syncobj_basic");
    }
}
