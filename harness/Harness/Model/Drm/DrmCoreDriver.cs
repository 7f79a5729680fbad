namespace HilHarness.Model.Drm;

/// <summary>
/// What one driver brings to the DRM core's shared ioctls: whether it is a KMS driver (GET_CAP answers KMS caps
/// only for DRIVER_MODESET; vgem is render-only), from which kernel it has DRIVER_SYNCOBJ, and its dumb-buffer rule.
/// </summary>
public sealed record DrmCoreDriver(string Name, bool Modeset, Version? SyncobjSince, bool DumbNeeds32Bpp)
{
    /// <summary>vgem: DRIVER_GEM | DRIVER_RENDER, shmem dumb buffers of any bpp, never DRIVER_SYNCOBJ.</summary>
    public static readonly DrmCoreDriver Vgem = new("vgem", Modeset: false, SyncobjSince: null, DumbNeeds32Bpp: false);

    /// <summary>virtio-gpu: a KMS driver whose dumb_create accepts only bpp 32 (virtio_gpu_mode_dumb_create).
    /// DRIVER_SYNCOBJ came with "drm/virtio: Support sync objects" in the 6.4 merge window; Debian's 6.1, the kernel
    /// this lane verifies on, answers EOPNOTSUPP.</summary>
    public static readonly DrmCoreDriver VirtioGpu = new("virtio_gpu", Modeset: true, SyncobjSince: new Version(6, 4), DumbNeeds32Bpp: true);

    private static readonly DrmCoreDriver[] Known = [Vgem, VirtioGpu];

    public static IReadOnlyList<string> Names { get; } = [.. Known.Select(d => d.Name)];

    public static DrmCoreDriver? Find(string driver) => Known.FirstOrDefault(d => d.Name == driver);

    public bool HasSyncobj(Version kernel) => SyncobjSince is { } since && kernel >= since;
}
