using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>
/// The simulated DRM device (struct drm_device plus the bits of the process the DRM core touches): the driver, the
/// open files, global flink names, exported dma-bufs and CPU mappings. Everything here runs under the big lock of
/// <see cref="SimCpu"/>, so it needs no locking of its own.
/// </summary>
internal sealed class DrmDevice : IDisposable
{
    private readonly Dictionary<uint, SimGemObject> flinkNames = [];
    private readonly Dictionary<SimGemObject, DmaBufFile> dmaBufs = new(ReferenceEqualityComparer.Instance);
    private int nextClientId;
    private int openPrimaryFiles;

    public DrmDevice(SimMachine machine, ISimDriver driver)
    {
        Machine = machine;
        Driver = driver;
        Mappings = new GemCpuMappings(machine.Profile.PageSize);
        // A modeset driver's fbdev emulation opens the first in-kernel drm_file (client id 1).
        nextClientId = driver.Modeset ? 2 : 1;
        UniqueName = machine.Profile.Driver == "vc4" ? "soc:gpu" : "fb000000.gpu";
    }

    public SimMachine Machine { get; }

    public ISimDriver Driver { get; }

    public SimFdTable Fds { get; } = new();

    public GemCpuMappings Mappings { get; }

    /// <summary>The device's unique name: its debugfs directory beside the minor numbers.</summary>
    public string UniqueName { get; }

    /// <summary>drm_open(): a new drm_file on the primary or render node.</summary>
    public SyscallResult Open(bool renderNode, OpenFlags flags)
    {
        var file = new SimDrmFile(nextClientId++, renderNode);
        // drm_master_open: the first primary opener becomes master and is authenticated; root always is.
        bool authenticated = !renderNode && (Machine.Options.IsRoot || openPrimaryFiles == 0);
        var result = Fds.Install(new DrmOpenFile(this, file, authenticated, flags));
        if (!result.Ok) return result;
        if (!renderNode) openPrimaryFiles++;
        Driver.Open(file);
        return result;
    }

    /// <summary>Drops one reference to <paramref name="file"/> (its fd or a mapping); the last one frees it in
    /// drm_file_free order: GEM handles, then syncobjs, then the driver's postclose.</summary>
    public void PutFile(SimDrmFile file)
    {
        if (--file.FileReferences > 0) return;
        if (!file.RenderNode) openPrimaryFiles--;
        var handles = new List<uint>(file.Handles.Keys);
        foreach (var handle in handles) DeleteHandle(file, handle);
        file.Syncobjs.Clear();
        Driver.PostClose(file);
    }

    /// <summary>drm_gem_handle_delete(): false for an unknown handle. When the object's last handle goes, its
    /// flink name goes too (drm_gem_object_handle_free).</summary>
    public bool DeleteHandle(SimDrmFile file, uint handle)
    {
        var obj = file.Lookup(handle);
        if (obj is null) return false;
        // The name must go before the handle's reference, which may be the last one.
        if (obj.HandleCount == 1 && obj.FlinkName != 0)
        {
            flinkNames.Remove(obj.FlinkName);
            obj.FlinkName = 0;
        }
        return file.DeleteHandle(handle);
    }

    /// <summary>drm_gem_flink_ioctl's idr: the object's global name, created on first use (lowest free from 1).</summary>
    public uint Flink(SimGemObject obj)
    {
        if (obj.FlinkName != 0) return obj.FlinkName;
        uint name = 1;
        while (flinkNames.ContainsKey(name)) name++;
        flinkNames[name] = obj;
        obj.FlinkName = name;
        return name;
    }

    /// <summary>The object with global name <paramref name="name"/>, or null.</summary>
    public SimGemObject? FindFlink(uint name) => flinkNames.GetValueOrDefault(name);

    /// <summary>drm_gem_prime_handle_to_fd after the handle lookup: the cached dma-buf or a new export.</summary>
    public SyscallResult ExportDmaBuf(SimGemObject obj, OpenFlags flags)
    {
        if (dmaBufs.TryGetValue(obj, out var existing))
        {
            var again = Fds.Install(existing);
            if (again.Ok) existing.Descriptors++;
            return again;
        }
        var refusal = Driver.CanExport(obj);
        if (refusal != Errno.None) return SyscallResult.Fail(refusal);
        var buffer = new DmaBufFile(this, obj, flags);
        var result = Fds.Install(buffer);
        if (!result.Ok) return result;
        obj.Get();
        obj.Exported = true;
        dmaBufs[obj] = buffer;
        return result;
    }

    /// <summary>Called by a dma-buf's release: the object no longer caches it.</summary>
    public void ForgetDmaBuf(DmaBufFile buffer) => dmaBufs.Remove(buffer.Object);

    /// <summary>
    /// mmap(2) of a DRM node (drm_gem_mmap: exact fake-offset lookup among the file's objects, EACCES if the file
    /// has no handle on it, EINVAL if longer than the object) or of a dma-buf (offset within the buffer).
    /// </summary>
    public SyscallResult Mmap(SimOpenFile open, ulong offset, ulong length, MapProtection protection)
    {
        ulong pageSize = (ulong)Machine.Profile.PageSize;
        if (length == 0 || offset % pageSize != 0) return SyscallResult.Fail(Errno.EINVAL);
        ulong pages = (length + pageSize - 1) / pageSize;
        SimGemObject? obj;
        SimDrmFile? file = null;
        switch (open)
        {
            case DrmOpenFile drm:
                file = drm.File;
                obj = FindByOffset(offset);
                if (obj is null || pages * pageSize > RoundUp(obj.Size, pageSize)) return SyscallResult.Fail(Errno.EINVAL);
                if (!HasHandle(file, obj)) return SyscallResult.Fail(Errno.EACCES);
                break;
            case DmaBufFile buffer:
                obj = buffer.Object;
                if (offset != 0 || pages * pageSize > RoundUp(obj.Size, pageSize)) return SyscallResult.Fail(Errno.EINVAL);
                break;
            default:
                return SyscallResult.Fail(Errno.ENODEV);
        }
        var refusal = Driver.CanMap(obj, protection);
        if (refusal != Errno.None) return SyscallResult.Fail(refusal);
        return SyscallResult.Success(Mappings.Map(obj, file));
    }

    /// <summary>munmap(2): drops the mapping's GEM and file references; unmapped ranges succeed as on Linux.</summary>
    public SyscallResult Munmap(nint address)
    {
        if (address % Machine.Profile.PageSize != 0) return SyscallResult.Fail(Errno.EINVAL);
        if (Mappings.Unmap(address, out var file) && file is not null) PutFile(file);
        return SyscallResult.Success();
    }

    private SimGemObject? FindByOffset(ulong offset)
    {
        foreach (var (_, open) in Fds.Open())
        {
            if (open is not DrmOpenFile drm) continue;
            foreach (var obj in drm.File.Handles.Values)
            {
                if (obj.MmapOffset == offset) return obj;
            }
        }
        return null;
    }

    private static bool HasHandle(SimDrmFile file, SimGemObject obj)
    {
        foreach (var candidate in file.Handles.Values)
        {
            if (ReferenceEquals(candidate, obj)) return true;
        }
        return false;
    }

    private static ulong RoundUp(ulong value, ulong unit) => (Math.Max(value, 1) + unit - 1) / unit * unit;

    public void Dispose() => Mappings.Dispose();
}
