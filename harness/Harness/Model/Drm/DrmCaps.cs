namespace HilHarness.Model.Drm;

/// <summary>DRM_CAP_* numbers of include/uapi/drm/drm.h that the DRM-core model predicts.</summary>
public static class DrmCaps
{
    public const ulong DumbBuffer = 0x1;
    public const ulong Prime = 0x5;
    public const ulong TimestampMonotonic = 0x6;
    public const ulong CrtcInVblankEvent = 0x12;
    public const ulong Syncobj = 0x13;

    public const ulong PrimeImport = 0x1;
    public const ulong PrimeExport = 0x2;
}
