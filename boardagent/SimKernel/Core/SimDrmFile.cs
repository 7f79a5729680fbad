namespace HilHarness.SimKernel.Core;

/// <summary>
/// An open DRM file (struct drm_file): its GEM handle table, syncobjs, and the driver's private state. It lives
/// until its last reference goes: the fd and every CPU mapping made through it. Only then does the driver's
/// postclose run (drm_file_free order: handles, then postclose).
/// </summary>
public sealed class SimDrmFile(int clientId, bool renderNode)
{
    private readonly Dictionary<uint, SimGemObject> handles = [];
    private uint nextHandle = 1;

    /// <summary>drm_file client id (fdinfo "drm-client-id").</summary>
    public int ClientId { get; } = clientId;

    /// <summary>Opened through /dev/dri/renderD*.</summary>
    public bool RenderNode { get; } = renderNode;

    /// <summary>The driver's per-file state (vc4_file, panthor_file).</summary>
    public object? DriverPrivate { get; set; }

    /// <summary>DRM_IOCTL_SET_CLIENT_NAME, or null.</summary>
    public string? ClientName { get; set; }

    /// <summary>References to the struct file: the fd plus one per live mmap.</summary>
    public int FileReferences { get; set; } = 1;

    /// <summary>Syncobj handles (drm_syncobj idr of this file); the DRM core manages them, drivers look them up
    /// for in/out syncs.</summary>
    public Dictionary<uint, SimSyncobj> Syncobjs { get; } = [];

    /// <summary>Live GEM handles.</summary>
    public IReadOnlyDictionary<uint, SimGemObject> Handles => handles;

    /// <summary>drm_gem_handle_create(): a new handle (idr, lowest free from 1) holding a reference.</summary>
    public uint CreateHandle(SimGemObject obj)
    {
        foreach (var (h, o) in handles)
        {
            if (ReferenceEquals(o, obj)) return h; // drm_gem_prime_fd_to_handle returns the existing handle
        }
        return CreateHandle(obj, reuseExisting: false);
    }

    /// <summary>
    /// drm_gem_handle_create() without the PRIME de-duplication: always a new handle (GEM_OPEN of the same flink name
    /// twice gives two handles on a real kernel). <see cref="CreateHandle(SimGemObject)"/> is the PRIME import path.
    /// </summary>
    public uint CreateHandle(SimGemObject obj, bool reuseExisting)
    {
        if (reuseExisting) return CreateHandle(obj);
        uint handle = nextHandle;
        while (handles.ContainsKey(handle)) handle++;
        nextHandle = handle + 1;
        handles[handle] = obj;
        obj.Get();
        obj.HandleCount++;
        return handle;
    }

    /// <summary>DRM_IOCTL_GEM_CHANGE_HANDLE's idr move: false if <paramref name="newHandle"/> is taken (ENOSPC) or
    /// <paramref name="handle"/> does not exist.</summary>
    public bool ChangeHandle(uint handle, uint newHandle)
    {
        if (handles.ContainsKey(newHandle) || !handles.Remove(handle, out var obj)) return false;
        handles[newHandle] = obj;
        if (handle < nextHandle) nextHandle = handle;
        return true;
    }

    /// <summary>drm_gem_object_lookup(): the object, or null (callers map that to their errno).</summary>
    public SimGemObject? Lookup(uint handle) => handles.GetValueOrDefault(handle);

    /// <summary>drm_gem_handle_delete(): false if there is no such handle.</summary>
    public bool DeleteHandle(uint handle)
    {
        if (!handles.Remove(handle, out var obj)) return false;
        if (handle < nextHandle) nextHandle = handle;
        obj.HandleCount--;
        obj.Put();
        return true;
    }

    /// <summary>Drops every handle (drm_gem_release at file free).</summary>
    public void ReleaseAllHandles()
    {
        foreach (var handle in handles.Keys.ToList()) DeleteHandle(handle);
    }
}
