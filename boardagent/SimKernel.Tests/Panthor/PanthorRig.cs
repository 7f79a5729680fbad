using NUnit.Framework;
using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.SimKernel.Panthor;
using HilHarness.Uapi;
using HilHarness.Uapi.Panthor;

namespace HilHarness.SimKernel.Tests.Panthor;

/// <summary>
/// A simulated RK3588 with the panthor driver and one open render-node file, driven directly through ISimDriver
/// (the DRM core's sizing and node checks are tested elsewhere). Helpers take the arguments a test varies and
/// return the errno with the struct as the kernel left it.
/// </summary>
internal sealed class PanthorRig
{
    public const uint Mib2 = 2u << 20;

    public PanthorRig(string spec = "rk3588-6.18")
    {
        Machine = new SimMachine(SimProfile.Resolve(spec), new SimOptions());
        Driver = new PanthorDriver(Machine);
        File = OpenFile(1);
    }

    public SimMachine Machine { get; }

    public PanthorDriver Driver { get; }

    public SimDrmFile File { get; }

    public SimDrmFile OpenFile(int clientId)
    {
        var file = new SimDrmFile(clientId, renderNode: true);
        Driver.Open(file);
        return file;
    }

    public Errno Call<T>(IoctlDefinition ioctl, ref T args, SimDrmFile? file = null) where T : unmanaged
        => Driver.Ioctl(file ?? File, ioctl, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref args, 1))).Errno;

    public uint CreateVm(SimDrmFile? file = null)
    {
        var args = new drm_panthor_vm_create();
        Assert.That(Call(PanthorIoctls.VmCreate, ref args, file), Is.EqualTo(Errno.None), "VM_CREATE");
        return args.id;
    }

    public Errno DestroyVm(uint id, uint pad = 0)
    {
        var args = new drm_panthor_vm_destroy { id = id, pad = pad };
        return Call(PanthorIoctls.VmDestroy, ref args);
    }

    public (Errno Errno, drm_panthor_tiler_heap_create Args) CreateHeap(uint vm, uint initial = 1, uint chunkSize = Mib2,
        uint max = 4, uint targetInFlight = 1, SimDrmFile? file = null)
    {
        var args = new drm_panthor_tiler_heap_create
        {
            vm_id = vm, initial_chunk_count = initial, chunk_size = chunkSize, max_chunks = max,
            target_in_flight = targetInFlight,
        };
        var errno = Call(PanthorIoctls.TilerHeapCreate, ref args, file);
        return (errno, args);
    }

    public drm_panthor_tiler_heap_create CreateHeapOk(uint vm, uint initial = 1, uint chunkSize = Mib2, uint max = 4)
    {
        var (errno, args) = CreateHeap(vm, initial, chunkSize, max);
        Assert.That(errno, Is.EqualTo(Errno.None), $"TILER_HEAP_CREATE vm {vm} initial {initial} chunk {chunkSize} max {max}");
        return args;
    }

    public Errno DestroyHeap(uint handle, uint pad = 0)
    {
        var args = new drm_panthor_tiler_heap_destroy { handle = handle, pad = pad };
        return Call(PanthorIoctls.TilerHeapDestroy, ref args);
    }

    /// <summary>A group with one queue on <paramref name="vm"/>; with <paramref name="busy"/> a job keeps it on a
    /// CSG slot (resident) until jobs complete.</summary>
    public uint CreateGroup(uint vm, bool busy)
    {
        var queue = new drm_panthor_queue_create { priority = 0, ringbuf_size = 4096 };
        using var queues = UserMemory.CopyOf(MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref queue, 1)));
        var args = new drm_panthor_group_create
        {
            queues = new drm_panthor_obj_array { stride = 8, count = 1, array = (ulong)queues.Address },
            compute_core_mask = 1, fragment_core_mask = 1, tiler_core_mask = 1,
            max_compute_cores = 1, max_fragment_cores = 1, max_tiler_cores = 1, vm_id = vm,
        };
        Assert.That(Call(PanthorIoctls.GroupCreate, ref args), Is.EqualTo(Errno.None), "GROUP_CREATE");
        if (busy) Submit(args.group_handle);
        return args.group_handle;
    }

    public void Submit(uint group)
    {
        var job = new drm_panthor_queue_submit { queue_index = 0, stream_size = 8, stream_addr = 0x10000 };
        using var jobs = UserMemory.CopyOf(MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref job, 1)));
        var args = new drm_panthor_group_submit
        {
            group_handle = group,
            queue_submits = new drm_panthor_obj_array { stride = 40, count = 1, array = (ulong)jobs.Address },
        };
        Assert.That(Call(PanthorIoctls.GroupSubmit, ref args), Is.EqualTo(Errno.None), "GROUP_SUBMIT");
    }

    public drm_panthor_group_get_state GroupState(uint group)
    {
        var args = new drm_panthor_group_get_state { group_handle = group };
        Assert.That(Call(PanthorIoctls.GroupGetState, ref args), Is.EqualTo(Errno.None), "GROUP_GET_STATE");
        return args;
    }

    /// <summary>The value of one fdinfo key, or null when the kernel does not print it.</summary>
    public string? Fdinfo(string key, SimDrmFile? file = null)
    {
        foreach (var line in (Driver.ShowFdinfo(file ?? File) ?? "").Split('\n'))
        {
            if (line.StartsWith(key + ":\t", StringComparison.Ordinal)) return line[(key.Length + 2)..];
        }
        return null;
    }

    public string Kmsg => string.Concat(Machine.Kmsg.ReadFrom(0));

    public int KmsgCount(string text) => Machine.Kmsg.ReadFrom(0).Count(r => r.Contains(text, StringComparison.Ordinal));

    /// <summary>Lines of debugfs "gems" whose label is <paramref name="label"/>.</summary>
    public int GemsLines(string label)
        => (Driver.ReadDebugfs("gems") ?? "").Split('\n').Count(l => l.EndsWith(label, StringComparison.Ordinal) && l.Contains("0x", StringComparison.Ordinal));

    /// <summary>
    /// Two syscalls raced through SimCpu.ArmRace: <paramref name="first"/> enters the kernel first (the test waits
    /// until it blocks at the race gate), so participant order and hence the interleaving depend only on the seed.
    /// </summary>
    public void Race(int seed, Action first, Action second)
    {
        Machine.Cpu.ArmRace(2, seed);
        Exception? failure = null;
        Thread Start(Action body)
        {
            var t = new Thread(() =>
            {
                Machine.Cpu.Enter();
                try { body(); }
                catch (Exception e) { failure = e; }
                finally { Machine.Cpu.Exit(); }
            });
            t.Start();
            return t;
        }
        var t1 = Start(first);
        Assert.That(SpinWait.SpinUntil(() => (t1.ThreadState & ThreadState.WaitSleepJoin) != 0, 5000), Is.True, "first racer reached the gate");
        var t2 = Start(second);
        Assert.That(t1.Join(10_000) && t2.Join(10_000), Is.True, "racers finished");
        if (failure is not null) throw new AssertionException("a racer threw: " + failure);
    }
}
