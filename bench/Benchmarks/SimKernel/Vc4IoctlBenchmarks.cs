using BenchmarkDotNet.Attributes;
using HilHarness.Benchmarks.Jobs;
using HilHarness.SimKernel;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;
using HilHarness.Uapi.Vc4;

namespace HilHarness.Benchmarks.SimKernel;

/// <summary>
/// Issue 3's figure (≥ 1,000,000 simple ioctls per second in process): vc4 CREATE_BO + GEM_CLOSE pairs on
/// /dev/dri/card0 of <c>rpi3-6.12</c>, with the real request numbers. Each invocation runs
/// <see cref="PairsPerInvoke"/> pairs and BenchmarkDotNet divides by the ioctl count, so the reported mean is the
/// time of one ioctl (ioctls/s = 1e9 / mean in ns) and "Allocated" is bytes per ioctl. The freed BO goes to the
/// kernel BO cache and the next CREATE_BO of the same size takes it back, as on a real Pi, because the virtual
/// clock never advances to the cache's expiry here.
/// </summary>
[InProcessShortRunJob]
[MemoryDiagnoser]
public class Vc4IoctlBenchmarks
{
    private const int PairsPerInvoke = 500;
    private static readonly uint CreateBo = Vc4Ioctls.CreateBo.Request;
    private static readonly uint GemClose = DrmIoctls.GemClose.Request;

    private SimulatedKernel kernel = null!;
    private int fd;

    [GlobalSetup]
    public void Setup()
    {
        kernel = SimulatedKernel.Create("rpi3-6.12");
        fd = SimIoctl.Open(kernel, "/dev/dri/card0");
    }

    [GlobalCleanup]
    public void Cleanup() => kernel.Dispose();

    [Benchmark(OperationsPerInvoke = 2 * PairsPerInvoke)]
    public void CreateBoGemClosePairs()
    {
        for (int i = 0; i < PairsPerInvoke; i++)
        {
            var create = new drm_vc4_create_bo { size = 4096 };
            SimIoctl.Call(kernel, fd, CreateBo, ref create, "DRM_IOCTL_VC4_CREATE_BO");
            var close = new drm_gem_close { handle = create.handle };
            SimIoctl.Call(kernel, fd, GemClose, ref close, "DRM_IOCTL_GEM_CLOSE");
        }
    }
}
