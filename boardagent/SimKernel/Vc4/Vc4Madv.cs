namespace HilHarness.SimKernel.Vc4;

/// <summary>madvise state of a vc4 BO (vc4_drm.h; PURGED and NOTSUPP are kernel-internal).</summary>
internal enum Vc4Madv : uint
{
    WillNeed = 0,
    DontNeed = 1,
    Purged = 2,
    NotSupported = 3,
}
