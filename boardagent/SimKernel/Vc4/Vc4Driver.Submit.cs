using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Vc4;

// DRM_IOCTL_VC4_SUBMIT_CL (vc4_submit_cl_ioctl, vc4_cl_lookup_bos and vc4_get_bcl in vc4_gem.c).
public sealed partial class Vc4Driver
{
    // USE_CLEAR_COLOR | FIXED_RCL_ORDER | RCL_ORDER_INCREASING_X | RCL_ORDER_INCREASING_Y.
    private const uint SubmitFlagsMask = 0xf;
    // kvmalloc of the temporary copy: larger than this is refused as ENOMEM on a Pi-sized machine.
    private const uint MaxTempSize = 256u << 20;

    private Errno SubmitCl(SimDrmFile file, Vc4File vf, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_submit_cl>(arg);
        if ((a.flags & ~SubmitFlagsMask) != 0) return Errno.EINVAL;
        if (a.pad2 != 0) return Errno.EINVAL; // the pad:24 bit-field is not checked
        if (!machine.Allocator.TryAllocate()) return Errno.ENOMEM; // kcalloc of the exec struct
        var pmErrno = pm.Get();
        if (pmErrno != Errno.None)
        {
            // kernel-facts E4: before 5.3 a resume that cannot re-allocate the bin BO ends in a hard crash on the
            // next use of the GPU; the simulation reports it as an oops in the submit that needed it.
            if (binBoFreedAtSuspend) throw machine.Oops("vc4_submit_cl_ioctl");
            return pmErrno;
        }
        var job = new Vc4Job();
        var exec = new Vc4Exec(a, job);
        var errno = Validate(file, vf, exec);
        if (errno != Errno.None)
        {
            CompleteExec(job);
            return errno;
        }
        if (a.out_sync != 0)
        {
            if (!file.Syncobjs.TryGetValue(a.out_sync, out var outSync))
            {
                CompleteExec(job);
                return Errno.EINVAL;
            }
            outSync.Fence = job.Fence;
        }
        QueueJob(job);
        a.seqno = job.Seqno;
        return Errno.None;
    }

    // Everything between the BO lookup and the RCL BO, in the kernel's order.
    private Errno Validate(SimDrmFile file, Vc4File vf, Vc4Exec exec)
    {
        var a = exec.Args;
        var errno = LookupBos(file, exec);
        if (errno != Errno.None) return errno;
        if (a.perfmonid != 0)
        {
            if (!vf.Perfmons.TryGetValue(a.perfmonid, out var perfmon)) return Errno.ENOENT;
            perfmon.Get();
            exec.Job.Perfmon = perfmon;
        }
        if (a.in_sync != 0)
        {
            // drm_syncobj_find_fence(): no syncobj is ENOENT, a syncobj without a fence EINVAL. Fences of earlier
            // vc4 jobs need no wait (jobs run in submission order).
            if (!file.Syncobjs.TryGetValue(a.in_sync, out var inSync)) return Errno.ENOENT;
            if (inSync.Fence is null) return Errno.EINVAL;
        }
        if (a.bin_cl_size != 0)
        {
            errno = GetBcl(exec);
            if (errno != Errno.None) return errno;
        }
        errno = Vc4RclValidator.Validate(exec, out uint rclSize);
        if (errno != Errno.None) return errno;
        var rcl = store.Create(rclSize, Vc4BoType.Rcl, out errno);
        if (rcl is null) return errno;
        exec.Job.UnrefList.Add(rcl);
        return Errno.None;
    }

    // vc4_cl_lookup_bos(): at least one handle; every handle must exist; every BO must be usable (usecnt).
    private Errno LookupBos(SimDrmFile file, Vc4Exec exec)
    {
        uint count = exec.Args.bo_handle_count;
        if (count == 0) return Errno.EINVAL;
        var errno = ObjectsLookup(file, exec.Args.bo_handles, count, exec.Bos);
        if (errno != Errno.None)
        {
            // E8: drm_gem_objects_lookup() became self-cleaning and leaves exec->bo NULL, but the fail_put_bo loop
            // still reads exec->bo[i].
            if (machine.Has(Regression.E8)) throw machine.Oops("vc4_cl_lookup_bos");
            return errno;
        }
        for (int i = 0; i < exec.Bos.Count; i++)
        {
            errno = IncUseCount(exec.Bos[i]);
            if (errno == Errno.None) continue;
            for (int j = i - 1; j >= 0; j--) DecUseCount(exec.Bos[j]);
            foreach (var bo in exec.Bos) bo.Put();
            exec.Bos.Clear();
            return errno;
        }
        return Errno.None;
    }

    // drm_gem_objects_lookup(): copy the handle array (EFAULT), then look every handle up (ENOENT); on failure
    // nothing stays referenced.
    private static Errno ObjectsLookup(SimDrmFile file, ulong handlesAddress, uint count, List<Vc4Bo> into)
    {
        if (count > MaxTempSize / 8) return Errno.ENOMEM;
        var raw = new byte[count * 4];
        if (!UserMemory.TryRead(handlesAddress, raw)) return Errno.EFAULT;
        var handles = MemoryMarshal.Cast<byte, uint>(raw);
        var found = new List<Vc4Bo>((int)count);
        foreach (var handle in handles)
        {
            if (file.Lookup(handle) is not Vc4Bo bo)
            {
                foreach (var f in found) f.Put();
                return Errno.ENOENT;
            }
            bo.Get();
            found.Add(bo);
        }
        into.AddRange(found);
        return Errno.None;
    }

    // vc4_get_bcl(): size checks, copies from user memory, the BCL BO, the bin CL and shader-record validation, and
    // finally the job's bin BO reference when the CL configured binning.
    private Errno GetBcl(Vc4Exec exec)
    {
        var a = exec.Args;
        uint shaderRecOffset = unchecked((a.bin_cl_size + 15) & ~15u);
        uint uniformsOffset = unchecked(shaderRecOffset + a.shader_rec_size);
        uint execSize = unchecked(uniformsOffset + a.uniforms_size);
        uint tempSize = unchecked(execSize + 8 * a.shader_rec_count);
        if (shaderRecOffset < a.bin_cl_size || uniformsOffset < shaderRecOffset || execSize < uniformsOffset
            || a.shader_rec_count >= uint.MaxValue / 8 || tempSize < execSize)
            return Errno.EINVAL;
        if (tempSize > MaxTempSize || !machine.Allocator.TryAllocate()) return Errno.ENOMEM;
        var binCl = new byte[a.bin_cl_size];
        exec.ShaderRecords = new byte[a.shader_rec_size];
        exec.Uniforms = new byte[a.uniforms_size];
        exec.ShaderStateSize = a.shader_rec_count;
        if (!UserMemory.TryRead(a.bin_cl, binCl) || !UserMemory.TryRead(a.shader_rec, exec.ShaderRecords)
            || !UserMemory.TryRead(a.uniforms, exec.Uniforms))
            return Errno.EFAULT;
        var bcl = store.Create(execSize, Vc4BoType.Bcl, out var errno);
        if (bcl is null) return errno;
        exec.Job.UnrefList.Add(bcl);
        errno = Vc4BinClValidator.Validate(exec, binCl, AllocateBinSlot);
        if (errno != Errno.None) return errno;
        errno = Vc4ShaderRecValidator.Validate(exec);
        if (errno != Errno.None) return errno;
        if (exec.FoundTileBinningModeConfig && !binBoFreedAtSuspend) return bin.Get(ref exec.Job.BinBoUsed);
        return Errno.None;
    }

    // validate_tile_binning_config(): take a slot, then compute its address from vc4->bin_bo — which nothing has
    // referenced yet for this job, so a missing bin BO is a NULL dereference (kernel-facts A.4's latent hazard).
    private int AllocateBinSlot()
    {
        int slot = bin.GetSlot(WaitForLastRenderJob);
        if (slot < 0)
        {
            machine.Log(SimKmsg.Err, $"vc4-drm soc:gpu: [drm] *ERROR* Failed to allocate binner memory: {slot}");
            return slot;
        }
        if (bin.Bo is null) throw machine.Oops("validate_tile_binning_config");
        return slot;
    }
}
