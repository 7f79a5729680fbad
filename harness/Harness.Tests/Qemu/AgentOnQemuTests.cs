using System.Text;
using System.Text.Json.Nodes;
using HilHarness.Agent;
using HilHarness.Qemu;
using NUnit.Framework;

namespace HilHarness.Tests.Qemu;

/// <summary>
/// The real agent on the real kernel: deployed into the guest through the instance share, run as the non-root test
/// user over ssh, and driven with real DRM ioctls against vgem. One agent process serves the whole fixture (a .NET
/// start under TCG costs seconds), with every ioctl in one batch so the results come back in one round trip.
/// </summary>
[TestFixture]
[Category(QemuLane.Category)]
public sealed class AgentOnQemuTests
{
    /// <summary>Set to a built hil-agent.dll when the build output is not beside the tests'.</summary>
    private const string AgentVariable = "HIL_AGENT_DLL";
    private const int PrimeFlags = 0x80002; // DRM_CLOEXEC | DRM_RDWR, as libdrm's drmPrimeHandleToFD callers pass

    private AgentHello _hello = null!;
    private List<AgentStepResult> _batch = null!;
    private string _transcript = "";

    [OneTimeSetUp]
    public async Task RunAgentInGuest()
    {
        QemuLane.RequireEnabled();
        var vm = await QemuLane.VmAsync();
        string agentDir = Path.GetDirectoryName(LocateAgent())!;
        string deployed = Path.Combine(vm.ShareDirectory, "agent");
        if (Directory.Exists(deployed))
            Directory.Delete(deployed, recursive: true);
        Directory.CreateDirectory(deployed);
        foreach (string file in Directory.GetFiles(agentDir))
            File.Copy(file, Path.Combine(deployed, Path.GetFileName(file)));

        var requests = new[]
        {
            new JsonObject { ["id"] = 1, ["op"] = "hello" },
            new JsonObject { ["id"] = 2, ["op"] = "batch", ["args"] = new JsonObject { ["steps"] = new JsonArray([.. Steps().Select(s => (JsonNode)s.ToJson())]) } },
            new JsonObject { ["id"] = 3, ["op"] = "bye" },
        };
        using var agent = vm.StartGuestProcess($"exec dotnet {QemuVm.GuestShareDirectory}/agent/hil-agent.dll --kernel linux");
        var stderr = agent.StandardError.ReadToEndAsync();
        var input = string.Concat(requests.Select(r => r.ToJsonString() + "\n"));
        await agent.StandardInput.WriteAsync(input);
        agent.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        string stdout = await agent.StandardOutput.ReadToEndAsync(deadline.Token);
        await agent.WaitForExitAsync(deadline.Token);
        _transcript = $"agent exit {agent.ExitCode}; stdout:\n{stdout}\nstderr:\n{await stderr}";

        var replies = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var hello = replies.Single(r => r["id"]?.GetValue<int>() == 1);
        Assert.That(hello["ok"]?.GetValue<bool>(), Is.True, _transcript);
        _hello = AgentHello.FromJson(hello["out"]!.AsObject());
        _batch = [.. replies.Where(r => r["id"]?.GetValue<int>() == 2 && r["progress"] is not null)
            .OrderBy(r => r["progress"]!["index"]!.GetValue<int>())
            .Select(r => AgentStepResult.FromJson(r["progress"]!["result"]!.AsObject()))];
        Assert.That(_batch, Has.Count.EqualTo(Steps().Count), _transcript);
    }

    /// <summary>The batch, by index: the tests below name the steps they check.</summary>
    private static List<AgentStep> Steps()
    {
        JsonObject fd = AgentStep.Ref(0, "fd");
        JsonObject handle = AgentStep.Ref(2, "handle");
        return
        [
            new("open", new JsonObject { ["driver"] = "vgem" }),                                                  // 0
            new("drm.version", new JsonObject { ["fd"] = fd.DeepClone() }),                                       // 1
            new("drm.mode_create_dumb", new JsonObject { ["fd"] = fd.DeepClone(), ["width"] = 64, ["height"] = 64, ["bpp"] = 32 }), // 2
            new("drm.mode_map_dumb", new JsonObject { ["fd"] = fd.DeepClone(), ["handle"] = handle.DeepClone() }), // 3
            new("mmap", new JsonObject { ["fd"] = fd.DeepClone(), ["offset"] = AgentStep.Ref(3, "offset"), ["length"] = 16384 }), // 4
            new("map.write", new JsonObject { ["map"] = AgentStep.Ref(4, "map"), ["offset"] = 100, ["data"] = Convert.ToBase64String(Payload) }), // 5
            new("map.read", new JsonObject { ["map"] = AgentStep.Ref(4, "map"), ["offset"] = 100, ["length"] = Payload.Length }), // 6
            new("drm.prime_handle_to_fd", new JsonObject { ["fd"] = fd.DeepClone(), ["handle"] = handle.DeepClone(), ["flags"] = PrimeFlags }), // 7
            new("drm.prime_fd_to_handle", new JsonObject { ["fd"] = fd.DeepClone(), ["obj_fd"] = AgentStep.Ref(7, "obj_fd") }), // 8
            new("drm.gem_close", new JsonObject { ["fd"] = fd.DeepClone(), ["handle"] = handle.DeepClone() }),   // 9
            new("open", new JsonObject { ["driver"] = "vgem", ["node"] = "render" }),                            // 10
            new("drm.mode_create_dumb", new JsonObject { ["fd"] = AgentStep.Ref(10, "fd"), ["width"] = 64, ["height"] = 64, ["bpp"] = 32 }), // 11
            new("drm.syncobj_create", new JsonObject { ["fd"] = fd.DeepClone() }),                               // 12
            new("drm.syncobj_wait", new JsonObject { ["fd"] = fd.DeepClone(), ["handles"] = new JsonArray(AgentStep.Ref(12, "handle")), ["relative_timeout_ns"] = 20_000_000 }), // 13
            new("drm.syncobj_signal", new JsonObject { ["fd"] = fd.DeepClone(), ["handles"] = new JsonArray(AgentStep.Ref(12, "handle")) }), // 14
            new("drm.syncobj_wait", new JsonObject { ["fd"] = fd.DeepClone(), ["handles"] = new JsonArray(AgentStep.Ref(12, "handle")), ["relative_timeout_ns"] = 20_000_000 }), // 15
            new("observe", new JsonObject { ["what"] = new JsonArray("kmsg", "taint"), ["kmsg_from"] = 0 }),   // 16
        ];
    }

    private static readonly byte[] Payload = Encoding.ASCII.GetBytes("hil-harness qemu lane");

    [Test]
    [Description("hello from the guest names the real kernel, a non-root uid, and both vgem 1.0.0 and virtio_gpu 0.1.0 with their card nodes.")]
    public void HelloListsVgemAndVirtioGpuWithVersions()
    {
        Assert.That(_hello.Simulated, Is.False);
        Assert.That(_hello.Uid, Is.EqualTo(4242));
        Assert.That(_hello.Driver("vgem")?.Version, Is.EqualTo(new Version(1, 0, 0)), _transcript);
        Assert.That(_hello.Driver("virtio_gpu")?.Version, Is.EqualTo(new Version(0, 1, 0)), _transcript);
        Assert.That(_hello.Driver("vgem")?.Card, Does.StartWith("/dev/dri/card"));
    }

    [Test]
    [Description("DRM_IOCTL_VERSION on the opened vgem card answers the driver name 'vgem'.")]
    public void VersionIoctlNamesVgem()
    {
        Assert.That(_batch[1].Rc, Is.Zero, _batch[1].ToString);
        Assert.That(_batch[1].Out?["name"]?.GetValue<string>(), Is.EqualTo("vgem"));
    }

    [Test]
    [Description("A 64x64x32 dumb buffer is created with pitch 256, mapped through MAP_DUMB + mmap, written and read back identically, and closed.")]
    public void DumbBufferWriteReadsBackThroughMmap()
    {
        Assert.That(_batch[2].OutU64("pitch"), Is.EqualTo(256ul), _batch[2].ToString);
        Assert.That(_batch[2].OutU64("handle"), Is.Not.Zero);
        Assert.That(_batch.Skip(3).Take(4).Select(r => r.Ok && r.Errno == 0), Is.All.True, _transcript);
        Assert.That(Convert.FromBase64String(_batch[6].Out!["data"]!.GetValue<string>()), Is.EqualTo(Payload));
        Assert.That(_batch[9].Rc, Is.Zero, _batch[9].ToString);
    }

    [Test]
    [Description("Importing one's own PRIME export returns the very handle that was exported.")]
    public void PrimeRoundTripReturnsSameHandle()
    {
        Assert.That(_batch[7].Rc, Is.Zero, _batch[7].ToString);
        Assert.That(_batch[8].Rc, Is.Zero, _batch[8].ToString);
        Assert.That(_batch[8].OutU64("handle"), Is.EqualTo(_batch[2].OutU64("handle")));
    }

    [Test]
    [Description("The render node refuses MODE_CREATE_DUMB with EACCES, as drm_ioctl does for a non-render-allowed ioctl.")]
    public void RenderNodeRefusesDumbCreateWithEacces()
    {
        Assert.That(_batch[10].Out?["path"]?.GetValue<string>(), Does.StartWith("/dev/dri/renderD"), _batch[10].ToString);
        Assert.That(_batch[11].Errno, Is.EqualTo(13), _batch[11].ToString);
    }

    [Test]
    [Description("vgem has no DRIVER_SYNCOBJ feature, so the real kernel refuses SYNCOBJ_CREATE and SYNCOBJ_SIGNAL on it with EOPNOTSUPP.")]
    public void VgemRefusesSyncobjsWithEopnotsupp()
    {
        // drm_syncobj_create_ioctl checks drm_core_check_feature(dev, DRIVER_SYNCOBJ) first; vgem (and virtio-gpu in
        // Debian's 6.1) lack it, so the real-timeout syncobj waits need a kernel whose driver has syncobjs.
        Assert.That(_batch[12].Errno, Is.EqualTo(95), _batch[12].ToString);
        Assert.That(_batch[14].Errno, Is.EqualTo(95), _batch[14].ToString);
    }

    [Test]
    [Description("The kernel log read as the test user shows vgem's initialisation, and the kernel is untainted after every ioctl above.")]
    public void KmsgShowsVgemInitAndKernelStaysUntainted()
    {
        var observe = _batch[16].Out ?? _batch[16].Observe;
        Assert.That(observe?["kmsg"]?["records"]?.AsArray().Select(r => r?["text"]?.GetValue<string>() ?? ""),
            Has.Some.Contains("Initialized vgem"), _batch[16].ToString);
        Assert.That(observe?["taint"]?["value"]?.GetValue<long>(), Is.Zero);
    }

    private static string LocateAgent()
    {
        if (Environment.GetEnvironmentVariable(AgentVariable) is { Length: > 0 } path)
            return path;
        // Artifacts layout: bin/<project>/<config>/; the test project references BoardAgent so it is built too.
        string config = new DirectoryInfo(AppContext.BaseDirectory).Name;
        string beside = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "BoardAgent", config, "hil-agent.dll"));
        Assert.That(File.Exists(beside), Is.True, $"hil-agent.dll not found at {beside}; set {AgentVariable}");
        return beside;
    }
}
