using System.Runtime.InteropServices;
using System.Text;
using HilHarness.Uapi;
using HilHarness.Uapi.Drm;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>VERSION, GET_CAP, SET_CLIENT_CAP and SET_CLIENT_NAME (drivers/gpu/drm/drm_ioctl.c).</summary>
internal static class DrmInfoIoctls
{
    // include/uapi/drm/drm.h capability numbers.
    private const ulong CapDumbBuffer = 0x1, CapVblankHighCrtc = 0x2, CapDumbPreferredDepth = 0x3,
        CapDumbPreferShadow = 0x4, CapPrime = 0x5, CapTimestampMonotonic = 0x6, CapAsyncPageFlip = 0x7,
        CapCursorWidth = 0x8, CapCursorHeight = 0x9, CapAddFb2Modifiers = 0x10, CapPageFlipTarget = 0x11,
        CapCrtcInVblankEvent = 0x12, CapSyncobj = 0x13, CapSyncobjTimeline = 0x14, CapAtomicAsyncPageFlip = 0x15;

    private const ulong ClientCapStereo3D = 1, ClientCapUniversalPlanes = 2, ClientCapAtomic = 3,
        ClientCapAspectRatio = 4, ClientCapWritebackConnectors = 5, ClientCapCursorPlaneHotspot = 6;

    private const int ClientNameMaxLength = 64;

    /// <summary>drm_version(): numbers, then name, date and desc through drm_copy_field (truncate to the user's
    /// buffer, write back the full length, EFAULT on a bad pointer).</summary>
    public static Errno Version(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var v = ref MemoryMarshal.AsRef<drm_version>(arg);
        var profile = device.Machine.Profile;
        v.version_major = profile.DriverMajor;
        v.version_minor = profile.DriverMinor;
        v.version_patchlevel = profile.DriverPatch;
        // Since 6.14 the driver date is gone and the core answers "0" (userspace expects a non-empty string).
        var date = device.Machine.KernelVersion >= new Version(6, 14) ? "0" : profile.DriverDate;
        var errno = CopyField(v.name, ref v.name_len, device.Driver.Name);
        if (errno == Errno.None) errno = CopyField(v.date, ref v.date_len, date);
        if (errno == Errno.None) errno = CopyField(v.desc, ref v.desc_len, profile.DriverDescription);
        return errno;
    }

    private static Errno CopyField(nint buffer, ref nuint bufferLength, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        int length = (int)Math.Min((ulong)bytes.Length, bufferLength);
        bufferLength = (nuint)bytes.Length;
        if (length > 0 && buffer != 0 && !UserMemory.TryWrite((ulong)buffer, bytes.AsSpan(0, length))) return Errno.EFAULT;
        return Errno.None;
    }

    /// <summary>drm_getcap(): the four caps every driver answers, then EOPNOTSUPP for render-only drivers, then the
    /// KMS caps, EINVAL for unknown ones.</summary>
    public static Errno GetCap(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var cap = ref MemoryMarshal.AsRef<drm_get_cap>(arg);
        cap.value = 0;
        var driver = device.Driver;
        switch (cap.capability)
        {
            case CapTimestampMonotonic: cap.value = 1; return Errno.None;
            case CapPrime: cap.value = 3; return Errno.None; // DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT
            case CapSyncobj: cap.value = 1; return Errno.None;
            case CapSyncobjTimeline: cap.value = driver.SupportsTimelineSyncobj ? 1UL : 0; return Errno.None;
        }
        if (!driver.Modeset) return Errno.EOPNOTSUPP;
        var kernel = device.Machine.KernelVersion;
        // vc4's mode_config: preferred_depth 24, no shadow, async page flips, default 64x64 cursor, modifiers,
        // CRTCs without page_flip_target.
        switch (cap.capability)
        {
            case CapDumbBuffer: cap.value = 1; break;
            case CapVblankHighCrtc: cap.value = 1; break;
            case CapDumbPreferredDepth: cap.value = 24; break;
            case CapDumbPreferShadow: cap.value = 0; break;
            case CapAsyncPageFlip: cap.value = 1; break;
            case CapCursorWidth: cap.value = 64; break;
            case CapCursorHeight: cap.value = 64; break;
            case CapAddFb2Modifiers: cap.value = 1; break;
            case CapPageFlipTarget: cap.value = 0; break;
            case CapCrtcInVblankEvent: cap.value = 1; break;
            case CapAtomicAsyncPageFlip when kernel >= new Version(6, 8): cap.value = 1; break;
            default: return Errno.EINVAL;
        }
        return Errno.None;
    }

    /// <summary>drm_setclientcap(): no render-only caps, so EOPNOTSUPP without modeset; value and cap checks.</summary>
    public static Errno SetClientCap(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var cap = ref MemoryMarshal.AsRef<drm_set_client_cap>(arg);
        if (!device.Driver.Modeset) return Errno.EOPNOTSUPP;
        switch (cap.capability)
        {
            case ClientCapStereo3D or ClientCapUniversalPlanes or ClientCapAspectRatio:
                return cap.value > 1 ? Errno.EINVAL : Errno.None;
            case ClientCapAtomic:
                if (cap.value > 2) return Errno.EINVAL;
                file.Atomic = cap.value != 0;
                return Errno.None;
            case ClientCapWritebackConnectors:
                return !file.Atomic || cap.value > 1 ? Errno.EINVAL : Errno.None;
            case ClientCapCursorPlaneHotspot when device.Machine.KernelVersion >= new Version(6, 8):
                return Errno.EOPNOTSUPP; // vc4 has no DRIVER_CURSOR_HOTSPOT
            default:
                return Errno.EINVAL;
        }
    }

    /// <summary>drm_set_client_name(): at most 64 bytes, no NUL inside, printable without spaces; 0 clears it.</summary>
    public static Errno SetClientName(DrmDevice device, DrmOpenFile file, Span<byte> arg)
    {
        ref var request = ref MemoryMarshal.AsRef<drm_set_client_name>(arg);
        if (request.name_len > ClientNameMaxLength) return Errno.EINVAL;
        if (request.name_len == 0)
        {
            file.File.ClientName = null;
            return Errno.None;
        }
        Span<byte> name = stackalloc byte[(int)request.name_len];
        if (!UserMemory.TryRead(request.name, name)) return Errno.EFAULT;
        foreach (var b in name)
        {
            if (b is <= 0x20 or >= 0x7f) return Errno.EINVAL; // strlen mismatch (NUL) or drm_validate_value_string
        }
        file.File.ClientName = Encoding.ASCII.GetString(name);
        return Errno.None;
    }
}
