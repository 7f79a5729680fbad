using System.Collections.Immutable;
using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Drm;

/// <summary>GEM handles, dumb buffers and PRIME (drm_gem.c, drm_dumb_buffers.c, drm_prime.c).</summary>
internal static class DrmCoreGem
{
    private const long DrmCloexec = 0x80000, DrmRdwr = 0x2;

    public static (DrmCoreState, StepPrediction) Apply(DrmCoreState s, ModelOp op, DrmCoreFile file) => op.Op switch
    {
        // The dumb ioctls are not DRM_RENDER_ALLOW: drm_ioctl_permit refuses them on a render node before the driver.
        "drm.mode_create_dumb" or "drm.mode_map_dumb" or "drm.mode_destroy_dumb" when file.Render => (s, Fail(op.Op, Errno.EACCES)),
        "drm.mode_create_dumb" => CreateDumb(s, op, file),
        "drm.mode_map_dumb" => MapDumb(s, op, file),
        "drm.mode_destroy_dumb" or "drm.gem_close" => DeleteHandle(s, op, file),
        "drm.prime_handle_to_fd" => Export(s, op, file),
        "drm.prime_fd_to_handle" => Import(s, op, file),
        _ => throw new ArgumentException($"the DRM-core model does not know op '{op.Op}'"),
    };

    /// <summary>The object a handle argument names in this file, or null (an unknown or closed handle).</summary>
    private static (uint Handle, string? Object) Lookup(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        uint handle = (uint)(s.NumberOf(op.Arg("handle")) ?? 0);
        return (handle, file.Handles.TryGetValue(handle, out var obj) ? obj : null);
    }

    /// <summary>drm_mode_create_dumb zeroes the outputs, refuses a zero dimension with EINVAL, then the driver sizes it:
    /// shmem (vgem) takes pitch = ⌈width·bpp/8⌉, virtio-gpu wants bpp 32; the size is pitch·height, page aligned.</summary>
    private static (DrmCoreState, StepPrediction) CreateDumb(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        long width = op.Num("width"), height = op.Num("height"), bpp = op.Num("bpp");
        if (width <= 0 || height <= 0 || bpp <= 0 || (s.Driver.DumbNeeds32Bpp && bpp != 32))
            return (s, Fail(op.Op, Errno.EINVAL));
        uint pitch = (uint)((width * bpp + 7) / 8);
        ulong size = ((ulong)pitch * (ulong)height + DrmCoreState.PageSize - 1) / DrmCoreState.PageSize * DrmCoreState.PageSize;
        string symbol = op.Produces ?? throw new ArgumentException($"op {op}: mode_create_dumb must produce a handle symbol");
        uint handle = DrmCoreFile.LowestFree(file.Handles.Keys);
        var obj = new DrmCoreObject("obj:" + symbol, size, pitch, ImmutableArray.Create(new byte[size]));
        var next = s with
        {
            Objects = s.Objects.SetItem(obj.Id, obj),
            Files = s.Files.SetItem(file.Name, file with { Handles = file.Handles.SetItem(handle, obj.Id) }),
            Numbers = s.Numbers.SetItem(symbol, handle),
        };
        return (next, Success(op.Op).WithOut("handle", new ExactValue(handle)).WithOut("pitch", new ExactValue(pitch)).WithOut("size", new ExactValue(size)));
    }

    /// <summary>MAP_DUMB of an unknown handle is ENOENT (the object lookup fails); the fake offset is page aligned and
    /// is remembered, so a later mmap knows which object it maps.</summary>
    private static (DrmCoreState, StepPrediction) MapDumb(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        var (_, obj) = Lookup(s, op, file);
        if (obj is null)
            return (s, Fail(op.Op, Errno.ENOENT));
        var next = op.Produces is { } symbol ? s with { Offsets = s.Offsets.SetItem(symbol, obj) } : s;
        return (next, Success(op.Op).WithOut("offset", new AlignedValue(DrmCoreState.PageSize)));
    }

    /// <summary>GEM_CLOSE and DESTROY_DUMB delete the handle (drm_gem_handle_delete: EINVAL when it is not in the
    /// file's idr) and its PRIME lookup entry; the object lives on while a dma-buf fd or a mapping holds it.</summary>
    private static (DrmCoreState, StepPrediction) DeleteHandle(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        var (handle, obj) = Lookup(s, op, file);
        if (obj is null)
            return (s, Fail(op.Op, Errno.EINVAL));
        var closed = file with { Handles = file.Handles.Remove(handle), PrimeHandles = file.PrimeHandles.Remove(handle) };
        return ((s with { Files = s.Files.SetItem(file.Name, closed) }).Collect(), Success(op.Op));
    }

    /// <summary>PRIME_HANDLE_TO_FD: flags other than DRM_CLOEXEC|DRM_RDWR are EINVAL, an unknown handle ENOENT; the
    /// export registers the handle in the file's PRIME lookup so an import of the fd finds it.</summary>
    private static (DrmCoreState, StepPrediction) Export(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        if ((op.Num("flags") & ~(DrmCloexec | DrmRdwr)) != 0)
            return (s, Fail(op.Op, Errno.EINVAL));
        var (handle, obj) = Lookup(s, op, file);
        if (obj is null)
            return (s, Fail(op.Op, Errno.ENOENT));
        string symbol = op.Produces ?? throw new ArgumentException($"op {op}: prime_handle_to_fd must produce a dma-buf symbol");
        var next = s with
        {
            DmaBufs = s.DmaBufs.SetItem(symbol, obj),
            Files = s.Files.SetItem(file.Name, file with { PrimeHandles = file.PrimeHandles.Add(handle) }),
        };
        return (next, Success(op.Op).WithOut("obj_fd", new RangeValue(0, int.MaxValue)));
    }

    /// <summary>PRIME_FD_TO_HANDLE of one of this device's dma-bufs: the handle the file's PRIME lookup already has for
    /// it, else a new one (lowest free). A closed fd is EBADF; an fd that is no dma-buf (a DRM file) is EINVAL.</summary>
    private static (DrmCoreState, StepPrediction) Import(DrmCoreState s, ModelOp op, DrmCoreFile file)
    {
        string source = op.RequireSym("obj_fd");
        if (s.Files.ContainsKey(source))
            return (s, Fail(op.Op, Errno.EINVAL));
        if (!s.DmaBufs.TryGetValue(source, out var obj))
            return (s, Fail(op.Op, Errno.EBADF));
        string symbol = op.Produces ?? throw new ArgumentException($"op {op}: prime_fd_to_handle must produce a handle symbol");
        uint? known = file.PrimeHandles.Where(h => file.Handles[h] == obj).Select(h => (uint?)h).FirstOrDefault();
        uint handle = known ?? DrmCoreFile.LowestFree(file.Handles.Keys);
        var next = s with
        {
            Files = s.Files.SetItem(file.Name, file with { Handles = file.Handles.SetItem(handle, obj), PrimeHandles = file.PrimeHandles.Add(handle) }),
            Numbers = s.Numbers.SetItem(symbol, handle),
        };
        return (next, Success(op.Op).WithOut("handle", new ExactValue(handle)));
    }
}
