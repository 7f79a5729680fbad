using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>A DRM core ioctl handler (drm_ioctl_t): runs on the kernel copy of the argument, zero-extended to the
/// kernel's struct size, and answers an errno (None for success).</summary>
internal delegate Errno CoreIoctlHandler(DrmDevice device, DrmOpenFile file, Span<byte> arg);
