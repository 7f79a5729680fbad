using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Panthor;

namespace HilHarness.SimKernel.Panthor;

// BO_CREATE, BO_MMAP_OFFSET, BO_SET_LABEL (1.4), SET_USER_MMIO_OFFSET (1.5), BO_SYNC and BO_QUERY_INFO (1.7).
public sealed partial class PanthorDriver
{
    private const uint BoWbMmap = 2;
    private const int LabelMaxLength = 4096; // PANTHOR_BO_LABEL_MAXLEN
    private const ulong UserMmio32Bit = 1UL << 43, UserMmio64Bit = 1UL << 56;
    private const int BoSyncOpMinStride = 24;

    private uint BoFlagsMask => semantics.DriverMinor >= 7 ? BoNoMmap | BoWbMmap : BoNoMmap;

    private Errno BoCreate(SimDrmFile file, PanthorFile pf, ref drm_panthor_bo_create args)
    {
        if (args.size == 0 || args.pad != 0 || (args.flags & ~BoFlagsMask) != 0) return Errno.EINVAL;
        PanthorVm? vm = null;
        if (args.exclusive_vm_id != 0)
        {
            vm = GetVm(pf, args.exclusive_vm_id);
            if (vm is null) return Errno.EINVAL;
        }
        try
        {
            ulong page = (ulong)machine.Profile.PageSize;
            ulong size = (args.size + page - 1) / page * page;
            if (!machine.Allocator.TryAllocate()) return Errno.ENOMEM;
            var bo = new PanthorBo(size, args.flags, vm, kernel: false, label: null, createdBy: null, RemoveGem);
            gems.Add(bo);
            args.handle = file.CreateHandle(bo, reuseExisting: false);
            bo.Put(); // the handle holds the only reference now
            args.size = size;
            return Errno.None;
        }
        finally
        {
            vm?.Put();
        }
    }

    private Errno BoMmapOffset(SimDrmFile file, ref drm_panthor_bo_mmap_offset args)
    {
        if (args.pad != 0) return Errno.EINVAL;
        if (file.Lookup(args.handle) is not PanthorBo bo) return Errno.ENOENT;
        if ((bo.Flags & BoNoMmap) != 0) return Errno.EPERM;
        args.offset = machine.AssignMmapOffset(bo);
        return Errno.None;
    }

    private Errno BoSetLabel(SimDrmFile file, ref drm_panthor_bo_set_label args)
    {
        if (args.pad != 0) return Errno.EINVAL;
        if (file.Lookup(args.handle) is not PanthorBo bo) return Errno.ENOENT;
        string? label = null;
        if (args.label != 0)
        {
            var read = UserArrays.ReadString(args.label, LabelMaxLength, out var text);
            // strndup_user's EINVAL (no NUL within the limit) becomes E2BIG.
            if (read == Errno.EINVAL) return Errno.E2BIG;
            if (read != Errno.None) return read;
            label = text;
        }
        bo.Label = label;
        return Errno.None;
    }

    private static Errno SetUserMmioOffset(PanthorFile pf, ref drm_panthor_set_user_mmio_offset args)
    {
        if (args.offset is not (UserMmio32Bit or UserMmio64Bit)) return Errno.EINVAL;
        pf.UserMmioOffset = args.offset;
        return Errno.None;
    }

    private static Errno BoSync(SimDrmFile file, ref drm_panthor_bo_sync args)
    {
        var read = UserArrays.Read(args.ops, BoSyncOpMinStride, out drm_panthor_bo_sync_op[] ops);
        if (read != Errno.None) return read;
        foreach (var op in ops)
        {
            if (file.Lookup(op.handle) is not PanthorBo bo) return Errno.ENOENT;
            // panthor_gem_sync(): range in bounds, not imported, a known cache operation.
            if (op.offset + op.size < op.offset || op.offset + op.size > bo.Size) return Errno.EINVAL;
            if (bo.Imported) return Errno.EINVAL;
            if (op.type > 1) return Errno.EINVAL;
        }
        return Errno.None;
    }

    private static Errno BoQueryInfo(SimDrmFile file, ref drm_panthor_bo_query_info args)
    {
        if (file.Lookup(args.handle) is not PanthorBo bo) return Errno.ENOENT;
        args.extra_flags = bo.Imported ? 1u : 0u; // DRM_PANTHOR_BO_IS_IMPORTED
        args.create_flags = bo.Flags;
        return Errno.None;
    }
}
