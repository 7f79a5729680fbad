using BenchmarkDotNet.Attributes;
using HilHarness.Benchmarks.Jobs;
using HilHarness.SimKernel;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;
using HilHarness.Uapi.Panthor;

namespace HilHarness.Benchmarks.SimKernel;

/// <summary>
/// Panthor through <see cref="SimulatedKernel.Ioctl"/> on <c>rk3588-6.18</c>'s render node (where Mesa drives it):
/// TILER_HEAP_CREATE + TILER_HEAP_DESTROY pairs on one VM (one 2 MiB initial chunk, the smallest valid heap), and
/// GET_CAP(DRM_CAP_SYNCOBJ) as the cheapest DRM core ioctl. Means and "Allocated" are per ioctl.
/// </summary>
[InProcessShortRunJob]
[MemoryDiagnoser]
public class PanthorIoctlBenchmarks
{
    private const int PairsPerInvoke = 500;
    private const int CapsPerInvoke = 1000;
    private const ulong DrmCapSyncobj = 0x13;
    private static readonly uint HeapCreate = PanthorIoctls.TilerHeapCreate.Request;
    private static readonly uint HeapDestroy = PanthorIoctls.TilerHeapDestroy.Request;
    private static readonly uint GetCap = DrmIoctls.GetCap.Request;

    private SimulatedKernel kernel = null!;
    private int fd;
    private uint vm;

    [GlobalSetup]
    public void Setup()
    {
        kernel = SimulatedKernel.Create("rk3588-6.18");
        fd = SimIoctl.Open(kernel, "/dev/dri/renderD128");
        var create = new drm_panthor_vm_create();
        SimIoctl.Call(kernel, fd, PanthorIoctls.VmCreate.Request, ref create, "DRM_IOCTL_PANTHOR_VM_CREATE");
        vm = create.id;
    }

    [GlobalCleanup]
    public void Cleanup() => kernel.Dispose();

    [Benchmark(OperationsPerInvoke = 2 * PairsPerInvoke)]
    public void TilerHeapCreateDestroyPairs()
    {
        for (int i = 0; i < PairsPerInvoke; i++)
        {
            var create = new drm_panthor_tiler_heap_create
            {
                vm_id = vm, initial_chunk_count = 1, chunk_size = 2u << 20, max_chunks = 4, target_in_flight = 1,
            };
            SimIoctl.Call(kernel, fd, HeapCreate, ref create, "DRM_IOCTL_PANTHOR_TILER_HEAP_CREATE");
            var destroy = new drm_panthor_tiler_heap_destroy { handle = create.handle };
            SimIoctl.Call(kernel, fd, HeapDestroy, ref destroy, "DRM_IOCTL_PANTHOR_TILER_HEAP_DESTROY");
        }
    }

    [Benchmark(OperationsPerInvoke = CapsPerInvoke)]
    public ulong GetCapSyncobj()
    {
        ulong sum = 0;
        for (int i = 0; i < CapsPerInvoke; i++)
        {
            var cap = new drm_get_cap { capability = DrmCapSyncobj };
            SimIoctl.Call(kernel, fd, GetCap, ref cap, "DRM_IOCTL_GET_CAP");
            sum += cap.value;
        }
        return sum;
    }
}
