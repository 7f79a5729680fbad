using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Vc4;

// BO creation and the per-BO ioctls of vc4_bo.c, plus the GEM hooks the DRM core calls (dumb, PRIME, mmap).
public sealed partial class Vc4Driver
{
    private const ulong ModNone = 0, ModBroadcomVc4TTiled = (0x07UL << 56) | 1;

    // vc4_create_bo_ioctl(): the binner BO reference comes first, even for a size the allocation then refuses.
    private Errno CreateBo(SimDrmFile file, Vc4File vf, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_create_bo>(arg);
        var errno = GrabBinBo(vf);
        if (errno != Errno.None) return errno;
        var bo = store.Create(a.size, Vc4BoType.V3D, out errno);
        if (bo is null)
        {
            ErrorPathBinBoPut();
            return errno;
        }
        bo.Madv = Vc4Madv.WillNeed;
        a.handle = file.CreateHandle(bo);
        bo.Put();
        return Errno.None;
    }

    // vc4_create_shader_bo_ioctl(): argument checks, then the binner BO reference, then copy and validation.
    private Errno CreateShaderBo(SimDrmFile file, Vc4File vf, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_create_shader_bo>(arg);
        if (a.size == 0 || a.size % 8 != 0 || a.flags != 0 || a.pad != 0) return Errno.EINVAL;
        var errno = GrabBinBo(vf);
        if (errno != Errno.None) return errno;
        var bo = store.Create(a.size, Vc4BoType.V3DShader, out errno);
        if (bo is null)
        {
            ErrorPathBinBoPut();
            return errno;
        }
        bo.Madv = Vc4Madv.WillNeed;
        var code = new byte[a.size];
        if (!UserMemory.TryRead(a.data, code)) errno = Errno.EFAULT;
        else if ((bo.ValidatedShader = Vc4ShaderValidator.Validate(code)) is null) errno = Errno.EINVAL;
        if (errno == Errno.None)
            a.handle = file.CreateHandle(bo);
        else ErrorPathBinBoPut();
        bo.Put();
        return errno;
    }

    // vc4_grab_bin_bo(). Merged code checks and sets bin_bo_used under bin_bo_lock; E1 (v7) tests the flag before
    // taking the lock, so a racing thread on the same file can get in between and both take a reference.
    private Errno GrabBinBo(Vc4File vf)
    {
        if (binBoFreedAtSuspend) return Errno.None; // before 5.3 nobody held a reference
        if (!machine.Has(Regression.E1)) return bin.Get(ref vf.BinBoUsed);
        if (vf.BinBoUsed) return Errno.None;
        machine.Cpu.PreemptionPoint();
        var errno = bin.GetUnowned();
        if (errno == Errno.None) vf.BinBoUsed = true;
        return errno;
    }

    // E3 (v5/v6): ioctl error paths after the grab dropped the file's reference while bin_bo_used stayed set.
    private void ErrorPathBinBoPut()
    {
        if (machine.Has(Regression.E3) && !binBoFreedAtSuspend) bin.Put();
    }

    // vc4_mmap_bo_ioctl(): a bad handle is EINVAL here, not ENOENT.
    private Errno MmapBo(SimDrmFile file, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_mmap_bo>(arg);
        if (file.Lookup(a.handle) is not { } obj) return Errno.EINVAL;
        a.offset = machine.AssignMmapOffset(obj);
        return Errno.None;
    }

    // vc4_set_tiling_ioctl().
    private static Errno SetTiling(SimDrmFile file, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_set_tiling>(arg);
        if (a.flags != 0) return Errno.EINVAL;
        bool tFormat;
        if (a.modifier == ModNone) tFormat = false;
        else if (a.modifier == ModBroadcomVc4TTiled) tFormat = true;
        else return Errno.EINVAL;
        if (file.Lookup(a.handle) is not Vc4Bo bo) return Errno.ENOENT;
        bo.TFormat = tFormat;
        return Errno.None;
    }

    // vc4_get_tiling_ioctl(): flags and modifier are inputs that must be zero.
    private static Errno GetTiling(SimDrmFile file, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_get_tiling>(arg);
        if (a.flags != 0 || a.modifier != 0) return Errno.EINVAL;
        if (file.Lookup(a.handle) is not Vc4Bo bo) return Errno.ENOENT;
        a.modifier = bo.TFormat ? ModBroadcomVc4TTiled : ModNone;
        return Errno.None;
    }

    // vc4_label_bo_ioctl(): the name is strndup_user(name, len + 1); identical names share one label slot.
    private Errno LabelBo(SimDrmFile file, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_label_bo>(arg);
        if (a.len == 0) return Errno.EINVAL;
        var errno = StrndupUser(a.name, unchecked(a.len + 1), out var name);
        if (errno != Errno.None) return errno;
        if (file.Lookup(a.handle) is not Vc4Bo bo)
        {
            machine.Log(SimKmsg.Err, $"vc4-drm soc:gpu: [drm] *ERROR* Failed to look up GEM BO {a.handle}");
            return Errno.ENOENT;
        }
        int label = store.GetUserLabel(name);
        if (label == -1) return Errno.ENOMEM;
        store.SetLabel(bo, label);
        return Errno.None;
    }

    // strndup_user(): EFAULT when unreadable before the NUL, EINVAL when no NUL within n bytes.
    private static Errno StrndupUser(ulong address, uint n, out string value)
    {
        value = "";
        Span<byte> one = stackalloc byte[1];
        var bytes = new List<byte>();
        for (uint i = 0; i < n; i++)
        {
            if (!UserMemory.TryRead(address + i, one)) return Errno.EFAULT;
            if (one[0] == 0)
            {
                value = System.Text.Encoding.UTF8.GetString(bytes.ToArray());
                return Errno.None;
            }
            bytes.Add(one[0]);
        }
        return n == 0 ? Errno.EFAULT : Errno.EINVAL;
    }

    // vc4_gem_madvise_ioctl(): pool membership follows usecnt; a purged BO stays purged.
    private Errno GemMadvise(SimDrmFile file, Span<byte> arg)
    {
        ref var a = ref MemoryMarshal.AsRef<drm_vc4_gem_madvise>(arg);
        if (a.madv is not ((uint)Vc4Madv.WillNeed or (uint)Vc4Madv.DontNeed)) return Errno.EINVAL;
        if (a.pad != 0) return Errno.EINVAL;
        if (file.Lookup(a.handle) is not Vc4Bo bo) return Errno.ENOENT;
        if (bo.Madv == Vc4Madv.NotSupported || bo.Imported) return Errno.EINVAL;
        var requested = (Vc4Madv)a.madv;
        if (requested == Vc4Madv.DontNeed && bo.Madv == Vc4Madv.WillNeed && bo.UseCount == 0) store.AddToPurgeablePool(bo);
        else if (requested == Vc4Madv.WillNeed && bo.Madv == Vc4Madv.DontNeed && bo.UseCount == 0) store.RemoveFromPurgeablePool(bo);
        a.retained = bo.Madv != Vc4Madv.Purged ? 1u : 0u;
        if (bo.Madv != Vc4Madv.Purged) bo.Madv = requested;
        return Errno.None;
    }

    /// <summary>vc4_bo_dumb_create(): a zeroed "dumb" BO; no binner BO reference.</summary>
    public SimGemObject? CreateDumb(SimDrmFile file, ulong size, out Errno errno)
    {
        var bo = store.Create(size, Vc4BoType.Dumb, out errno);
        if (bo is null) return null;
        bo.Madv = Vc4Madv.WillNeed;
        return bo;
    }

    /// <summary>vc4_create_object() for a PRIME import: counted as "kernel", never cached, never purgeable.</summary>
    public SimGemObject? ImportDmaBuf(ulong size, out Errno errno)
    {
        errno = Errno.None;
        return store.CreateImported(size);
    }

    /// <summary>vc4_prime_export(): shader BOs refuse; otherwise usecnt goes up and never comes down, so an exported
    /// BO can never be purged.</summary>
    public Errno CanExport(SimGemObject obj)
    {
        if (obj is not Vc4Bo bo) return Errno.EINVAL;
        if (bo.ValidatedShader is not null) return Errno.EINVAL;
        var errno = IncUseCount(bo);
        if (errno != Errno.None) machine.Log(SimKmsg.Err, "vc4-drm soc:gpu: [drm] *ERROR* Failed to increment BO usecnt");
        return errno;
    }

    /// <summary>vc4_gem_object_mmap(): no writable shader maps; only WILLNEED BOs.</summary>
    public Errno CanMap(SimGemObject obj, MapProtection protection)
    {
        if (obj is not Vc4Bo bo) return Errno.EINVAL;
        if (bo.ValidatedShader is not null && protection.HasFlag(MapProtection.Write)) return Errno.EINVAL;
        return bo.Madv == Vc4Madv.WillNeed ? Errno.None : Errno.EINVAL;
    }

    // vc4_bo_inc_usecnt(): a DONTNEED or purged BO cannot be used.
    private static Errno IncUseCount(Vc4Bo bo)
    {
        if (bo.UseCount > 0)
        {
            bo.UseCount++;
            return Errno.None;
        }
        if (bo.Madv != Vc4Madv.WillNeed) return Errno.EINVAL;
        bo.UseCount = 1;
        return Errno.None;
    }

    // vc4_bo_dec_usecnt(): a DONTNEED BO nobody uses any more joins the purgeable pool.
    private void DecUseCount(Vc4Bo bo)
    {
        if (bo.UseCount == 0) return;
        if (--bo.UseCount == 0 && bo.Madv == Vc4Madv.DontNeed) store.AddToPurgeablePool(bo);
    }
}
