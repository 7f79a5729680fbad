using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.Panthor;

/// <summary>
/// The simulated panthor driver (drivers/gpu/drm/panthor) for an RK3588: ioctls at the byte level with the UAPI
/// structs, the heap pool and tiler OOM logic of panthor_heap.c and panthor_sched.c, fdinfo and debugfs "gems".
/// Which kernel it is (v3 patch before 6.10, current after) and which historical bugs it carries come from the
/// profile (<see cref="PanthorSemantics"/>). Split by concern into PanthorDriver.*.cs files.
/// </summary>
public sealed partial class PanthorDriver : ISimDriver, ISimDriverControl
{
    // comm/tgid of the heap_alloc_wq worker that grows heaps (grown chunks are attributed to it in "gems").
    private const string GrowWorker = "kworker/u16:2/112";
    private const uint BoNoMmap = 1;

    private readonly SimMachine machine;
    private readonly PanthorSemantics semantics;
    private readonly List<PanthorBo> gems = [];
    private readonly List<PanthorJob> jobs = [];
    private readonly List<SimDrmFile> files = [];

    public PanthorDriver(SimMachine machine)
    {
        this.machine = machine;
        semantics = new PanthorSemantics(machine);
        var minor = semantics.DriverMinor;
        Ioctls = PanthorIoctls.All.Where(d => Added(d) <= minor).ToList();
    }

    public string Name => "panthor";

    public bool HasRenderNode => true;

    public bool Modeset => false;

    public bool SupportsTimelineSyncobj => true;

    /// <summary>The ioctls this driver version has (D.1 "Added"); a newer one is an unknown ioctl (EINVAL).</summary>
    public IReadOnlyList<IoctlDefinition> Ioctls { get; }

    // The catalogue's note ends with "driver version 1.N".
    private static int Added(IoctlDefinition d) => int.Parse(d.Note[(d.Note.LastIndexOf('.') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    public void Open(SimDrmFile file)
    {
        file.DriverPrivate = new PanthorFile();
        files.Add(file);
    }

    public SyscallResult Ioctl(SimDrmFile file, IoctlDefinition ioctl, Span<byte> arg)
    {
        var pf = (PanthorFile)file.DriverPrivate!;
        if (!Ioctls.Contains(ioctl)) return SyscallResult.Fail(Errno.EINVAL);
        var errno = (ioctl.Nr - IoctlCode.DrmCommandBase) switch
        {
            0 => DevQuery(file, ref As<Uapi.Panthor.drm_panthor_dev_query>(arg)),
            1 => VmCreate(pf, ref As<Uapi.Panthor.drm_panthor_vm_create>(arg)),
            2 => VmDestroy(pf, ref As<Uapi.Panthor.drm_panthor_vm_destroy>(arg)),
            3 => VmBind(file, pf, ref As<Uapi.Panthor.drm_panthor_vm_bind>(arg)),
            4 => VmGetState(pf, ref As<Uapi.Panthor.drm_panthor_vm_get_state>(arg)),
            5 => BoCreate(file, pf, ref As<Uapi.Panthor.drm_panthor_bo_create>(arg)),
            6 => BoMmapOffset(file, ref As<Uapi.Panthor.drm_panthor_bo_mmap_offset>(arg)),
            7 => GroupCreate(pf, ref As<Uapi.Panthor.drm_panthor_group_create>(arg)),
            8 => GroupDestroy(pf, ref As<Uapi.Panthor.drm_panthor_group_destroy>(arg)),
            9 => GroupSubmit(file, pf, ref As<Uapi.Panthor.drm_panthor_group_submit>(arg)),
            10 => GroupGetState(pf, ref As<Uapi.Panthor.drm_panthor_group_get_state>(arg)),
            11 => TilerHeapCreate(pf, ref As<Uapi.Panthor.drm_panthor_tiler_heap_create>(arg)),
            12 => TilerHeapDestroy(pf, ref As<Uapi.Panthor.drm_panthor_tiler_heap_destroy>(arg)),
            13 => BoSetLabel(file, ref As<Uapi.Panthor.drm_panthor_bo_set_label>(arg)),
            14 => SetUserMmioOffset(pf, ref As<Uapi.Panthor.drm_panthor_set_user_mmio_offset>(arg)),
            15 => BoSync(file, ref As<Uapi.Panthor.drm_panthor_bo_sync>(arg)),
            16 => BoQueryInfo(file, ref As<Uapi.Panthor.drm_panthor_bo_query_info>(arg)),
            _ => Errno.EINVAL,
        };
        return errno == Errno.None ? SyscallResult.Success() : SyscallResult.Fail(errno);
    }

    private static ref T As<T>(Span<byte> arg) where T : unmanaged => ref MemoryMarshal.AsRef<T>(arg);

    /// <summary>panthor_postclose(): groups first, then VMs (and with them every heap pool).</summary>
    public void PostClose(SimDrmFile file)
    {
        var pf = (PanthorFile)file.DriverPrivate!;
        foreach (var handle in pf.Groups.Keys.ToList()) DestroyGroup(pf, handle);
        foreach (var id in pf.Vms.Keys.ToList()) DestroyVm(pf, id);
        files.Remove(file);
    }

    /// <summary>panthor has no dumb_create: drm_mode_create_dumb() answers ENOSYS.</summary>
    public SimGemObject? CreateDumb(SimDrmFile file, ulong size, out Errno errno)
    {
        errno = Errno.ENOSYS;
        return null;
    }

    /// <summary>drm_gem_shmem_prime_import_sg_table(): the pages are the exporter's, so the object is resident.</summary>
    public SimGemObject? ImportDmaBuf(ulong size, out Errno errno)
    {
        if (!machine.Allocator.TryAllocate())
        {
            errno = Errno.ENOMEM;
            return null;
        }
        errno = Errno.None;
        var bo = new PanthorBo(size, 0, null, kernel: false, label: null, createdBy: null, RemoveGem)
        {
            Imported = true,
            Resident = true,
        };
        gems.Add(bo);
        return bo;
    }

    public Errno CanExport(SimGemObject obj) => Errno.None;

    /// <summary>panthor_gem_mmap(): NO_MMAP BOs refuse; shmem mmap gets the pages.</summary>
    public Errno CanMap(SimGemObject obj, MapProtection protection)
    {
        var bo = (PanthorBo)obj;
        if ((bo.Flags & BoNoMmap) != 0) return Errno.EINVAL;
        bo.Resident = true;
        return Errno.None;
    }

    public string? ReadSysfs(string path) => null;

    /// <summary>panthor_kernel_bo_create() with PANTHOR_VM_KERNEL_AUTO_VA: null means -ENOMEM.</summary>
    internal PanthorKernelBo? CreateKernelBo(PanthorVm vm, ulong size, string label, bool grownByWorker)
    {
        if (!machine.Allocator.TryAllocate()) return null;
        if (vm.AllocateKernelVa(size) is not ulong va) return null;
        var bo = new PanthorBo(size, BoNoMmap, vm, kernel: true, semantics.HasGemsDebugfs ? label : null,
            grownByWorker ? GrowWorker : null, RemoveGem);
        gems.Add(bo);
        bo.Get(); // the kernel mapping's vm_bo
        vm.Get(); // ff60c8da0aaf: each kernel BO pins its VM
        return new PanthorKernelBo(bo, vm, va);
    }

    private void RemoveGem(PanthorBo bo) => gems.Remove(bo);
}
