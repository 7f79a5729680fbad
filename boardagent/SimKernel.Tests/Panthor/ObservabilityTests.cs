using NUnit.Framework;
using System.Runtime.InteropServices;
using HilHarness.Uapi;
using HilHarness.Uapi.Panthor;

namespace HilHarness.SimKernel.Tests.Panthor;

[TestFixture]
public sealed class ObservabilityTests
{
    [Test]
    [Description("panthor-resident-memory: pool 8 KiB + chunk_size per chunk; each grow adds chunk_size, destroy subtracts chunk_count x chunk_size, the pool stays until VM destroy.")]
    public void ResidentMemoryArithmetic()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        Assert.That(rig.Fdinfo("panthor-resident-memory"), Is.EqualTo("0"));
        var heap = rig.CreateHeapOk(vm, initial: 2, max: 4);
        Assert.That(rig.Fdinfo("panthor-resident-memory"), Is.EqualTo("4104 KiB"));
        var group = rig.CreateGroup(vm, busy: true);
        ulong groupBytes = 4096 + 4096 + 4096; // sync objects, ring buffer, job stats
        rig.Driver.TilerOom(rig.File, group, 0, heap.tiler_heap_ctx_gpu_va, 0, 0);
        Assert.That(rig.Fdinfo("panthor-resident-memory"), Is.EqualTo($"{(8192 + 3 * (2UL << 20) + groupBytes) / 1024} KiB"));
        Assert.That(rig.DestroyHeap(heap.handle), Is.EqualTo(Errno.None));
        Assert.That(rig.Fdinfo("panthor-resident-memory"), Is.EqualTo($"{(8192 + groupBytes) / 1024} KiB"));
        Assert.That(rig.Fdinfo("panthor-active-memory"), Is.EqualTo($"{(8192 + groupBytes) / 1024} KiB"), "group on a slot, VM bound");
        rig.Driver.CompleteJobs(int.MaxValue);
        Assert.That(rig.Fdinfo("panthor-active-memory"), Is.EqualTo("0"));
    }

    [Test]
    [Description("fdinfo keys come in drm_show_fdinfo order, drm-client-name only after SET_CLIENT_NAME, and drm-*-memory count only this file's handles.")]
    public void FdinfoKeysAndOrder()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        rig.CreateHeapOk(vm);
        var bo = new drm_panthor_bo_create { size = 5000 };
        Assert.That(rig.Call(PanthorIoctls.BoCreate, ref bo), Is.EqualTo(Errno.None));
        Assert.That(bo.size, Is.EqualTo(8192UL), "rounded to pages");
        var keys = rig.Driver.ShowFdinfo(rig.File)!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(":\t")[0]).ToList();
        Assert.That(keys, Is.EqualTo(new[]
        {
            "drm-driver", "drm-client-id", "drm-maxfreq-panthor", "drm-curfreq-panthor", "panthor-resident-memory",
            "panthor-active-memory", "drm-total-memory", "drm-shared-memory",
        }));
        Assert.That(rig.Fdinfo("drm-total-memory"), Is.EqualTo("8 KiB"), "heap chunks never count here");
        rig.File.ClientName = "vkcube";
        Assert.That(rig.Fdinfo("drm-client-name"), Is.EqualTo("vkcube"));
        var other = rig.OpenFile(2);
        Assert.That(rig.Fdinfo("drm-total-memory", other), Is.EqualTo("0"));
        Assert.That(rig.Fdinfo("panthor-resident-memory", other), Is.EqualTo("0"));
    }

    [Test]
    [Description("Kernels before 6.15 print no panthor-* keys; the v3 kernel (6.9) has neither those nor the gems file.")]
    public void OlderKernelsLackKeysAndGems()
    {
        var rig = new PanthorRig("rk3588-6.10-rc");
        var vm = rig.CreateVm();
        rig.CreateHeapOk(vm);
        Assert.That(rig.Fdinfo("panthor-resident-memory"), Is.Null);
        Assert.That(rig.Fdinfo("drm-driver"), Is.EqualTo("panthor"));
        Assert.That(rig.Driver.ReadDebugfs("gems"), Is.Null);
    }

    [Test]
    [Description("debugfs gems prints the kernel's header, one line per object with kernel usage 0x1 for heap chunks, and a Total line that sums the sizes.")]
    public void GemsFormat()
    {
        var rig = new PanthorRig();
        var vm = rig.CreateVm();
        rig.CreateHeapOk(vm, initial: 2, max: 2);
        var text = rig.Driver.ReadDebugfs("gems")!;
        var lines = text.Split('\n');
        Assert.That(lines[0], Is.EqualTo("GEM state flags: imported (0x1), exported (0x2)"));
        Assert.That(lines[3], Does.StartWith("created-by                      global-name     refcount"));
        var chunk = lines.First(l => l.EndsWith("Tiler heap chunk", StringComparison.Ordinal));
        Assert.That(chunk, Does.Contain("0x0        0x1         Tiler heap chunk"));
        Assert.That(chunk.Substring(32 + 16, 16).Trim(), Is.EqualTo("2"), "creation ref + vm_bo");
        Assert.That(rig.GemsLines("Tiler heap chunk"), Is.EqualTo(2));
        Assert.That(lines[^2], Is.EqualTo($"Total size: {8192 + 2 * (2 << 20)}, Total resident: {8192 + 2 * (2 << 20)}, Total reclaimable: 0"));
    }

    [Test]
    [Description("DEV_QUERY size negotiation: pointer 0 returns the size, a smaller user size copies that much, a size below the minimum is EINVAL, an unknown type EINVAL; l2_features encodes the L2 line size.")]
    public void DevQuerySizes()
    {
        var rig = new PanthorRig();
        var query = new drm_panthor_dev_query { type = 0 };
        Assert.That(rig.Call(PanthorIoctls.DevQuery, ref query), Is.EqualTo(Errno.None));
        Assert.That(query.size, Is.EqualTo(112u));
        using var buffer = UserMemory.Allocate(112);
        buffer.Span.Fill(0xaa);
        query = new drm_panthor_dev_query { type = 0, size = 100, pointer = (ulong)buffer.Address };
        Assert.That(rig.Call(PanthorIoctls.DevQuery, ref query), Is.EqualTo(Errno.None));
        var info = MemoryMarshal.Read<drm_panthor_gpu_info>(buffer.Span);
        Assert.That(1 << (int)(info.l2_features & 0xff), Is.EqualTo(64));
        Assert.That(buffer.Span[100], Is.EqualTo(0xaa), "nothing past the user size");
        query = new drm_panthor_dev_query { type = 0, size = 95, pointer = (ulong)buffer.Address };
        Assert.That(rig.Call(PanthorIoctls.DevQuery, ref query), Is.EqualTo(Errno.EINVAL));
        query = new drm_panthor_dev_query { type = 9 };
        Assert.That(rig.Call(PanthorIoctls.DevQuery, ref query), Is.EqualTo(Errno.EINVAL));
        var old = new PanthorRig("rk3588-6.10-rc");
        query = new drm_panthor_dev_query { type = 2 };
        Assert.That(old.Call(PanthorIoctls.DevQuery, ref query), Is.EqualTo(Errno.EINVAL), "TIMESTAMP_INFO needs 1.1");
    }

    [Test]
    [Description("Ioctls newer than the profile's driver version are unknown (EINVAL); BO_SET_LABEL shows in gems on 1.8.")]
    public void IoctlsFollowDriverVersion()
    {
        var old = new PanthorRig("rk3588-6.10-rc");
        var label = new drm_panthor_bo_set_label { handle = 1 };
        Assert.That(old.Call(PanthorIoctls.BoSetLabel, ref label), Is.EqualTo(Errno.EINVAL));
        var rig = new PanthorRig();
        var bo = new drm_panthor_bo_create { size = 4096 };
        Assert.That(rig.Call(PanthorIoctls.BoCreate, ref bo), Is.EqualTo(Errno.None));
        using var text = UserMemory.CopyOf("scratch\0"u8);
        label = new drm_panthor_bo_set_label { handle = bo.handle, label = (ulong)text.Address };
        Assert.That(rig.Call(PanthorIoctls.BoSetLabel, ref label), Is.EqualTo(Errno.None));
        Assert.That(rig.GemsLines("scratch"), Is.EqualTo(1));
        Assert.That(rig.Driver.CreateDumb(rig.File, 4096, out var errno), Is.Null);
        Assert.That(errno, Is.EqualTo(Errno.ENOSYS));
    }
}
