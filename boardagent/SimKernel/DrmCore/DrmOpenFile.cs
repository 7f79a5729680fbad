using System.Globalization;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>An open DRM node (/dev/dri/card0 or renderD128). Its descriptor holds one reference to the
/// <see cref="SimDrmFile"/>; CPU mappings hold the others.</summary>
internal sealed class DrmOpenFile(DrmDevice device, SimDrmFile file, bool authenticated, OpenFlags flags)
    : SimOpenFile(flags)
{
    public SimDrmFile File { get; } = file;

    /// <summary>drm_file.authenticated: the primary-node client is master or root (DRM_AUTH ioctls need it).</summary>
    public bool Authenticated { get; } = authenticated;

    public DrmDevice Device { get; } = device;

    /// <summary>drm_file.atomic (DRM_CLIENT_CAP_ATOMIC), which WRITEBACK_CONNECTORS requires.</summary>
    public bool Atomic { get; set; }

    public override long Inode => File.RenderNode ? 351 : 350;

    public override void Release() => Device.PutFile(File);

    public override string FdinfoTail()
    {
        var driverLines = Device.Driver.ShowFdinfo(File);
        if (driverLines is not null) return driverLines;
        // drm_show_fdinfo is only wired up by drivers with show_fdinfo; vc4 prints just the generic lines.
        return string.Empty;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"drm file client {File.ClientId} ({(File.RenderNode ? "render" : "primary")})");
}
