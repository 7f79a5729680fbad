using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Panthor;

namespace HilHarness.SimKernel.Panthor;

// DEV_QUERY (panthor_ioctl_dev_query): with pointer 0 only the size comes back; otherwise PANTHOR_UOBJ_SET copies
// min(user size, kernel size) after checking the user size against the object's minimum (its size at 1.0).
public sealed partial class PanthorDriver
{
    private const uint QueryGpuInfo = 0, QueryCsifInfo = 1, QueryTimestampInfo = 2, QueryGroupPriorities = 3;

    // PANTHOR_UOBJ_MIN_SIZE: offsetof + sizeof of the last field the struct had when it was added.
    private const int GpuInfoMinSize = 96, CsifInfoMinSize = 24, TimestampInfoMinSize = 16, PrioritiesMinSize = 4;

    private Errno DevQuery(SimDrmFile file, ref drm_panthor_dev_query args)
    {
        var kernelObject = QueryObject(args.type);
        if (kernelObject is null) return Errno.EINVAL;
        if (args.pointer == 0)
        {
            args.size = (uint)kernelObject.Value.Bytes.Length;
            return Errno.None;
        }
        return UserArrays.Write(args.pointer, args.size, kernelObject.Value.MinSize, kernelObject.Value.Bytes);
    }

    private (byte[] Bytes, int MinSize)? QueryObject(uint type)
    {
        switch (type)
        {
            case QueryGpuInfo:
                return (UserArrays.Bytes(PanthorHardware.GpuInfo(machine.Profile)), GpuInfoMinSize);
            case QueryCsifInfo:
                return (UserArrays.Bytes(PanthorHardware.CsifInfo), CsifInfoMinSize);
            case QueryTimestampInfo when semantics.DriverMinor >= 1:
                var ts = new drm_panthor_timestamp_info
                {
                    timestamp_frequency = PanthorHardware.TimestampFrequencyHz,
                    current_timestamp = (ulong)(machine.Clock.NowNs / 1000 * 24),
                    timestamp_offset = 0,
                };
                var bytes = UserArrays.Bytes(ts);
                // Before 1.8 the struct ended at timestamp_offset (24 bytes).
                return (semantics.DriverMinor >= 8 ? bytes : bytes[..24], TimestampInfoMinSize);
            case QueryGroupPriorities when semantics.DriverMinor >= 2:
                // group_priority_permit(): HIGH and REALTIME need CAP_SYS_NICE (or DRM master).
                var info = new drm_panthor_group_priorities_info { allowed_mask = (byte)(machine.Options.IsRoot ? 0xf : 0x3) };
                return (UserArrays.Bytes(info), PrioritiesMinSize);
            default:
                return null;
        }
    }
}
