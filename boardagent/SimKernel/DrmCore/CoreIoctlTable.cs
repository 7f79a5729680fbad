using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>drm_ioctls[]: the core ioctls a kernel version has, with their handlers. Ioctls added after the
/// simulated kernel's version are absent, so the dispatcher answers EINVAL as for any unknown nr.</summary>
internal static class CoreIoctlTable
{
    public static IReadOnlyList<(IoctlDefinition Definition, CoreIoctlHandler Handler)> For(Version kernel)
    {
        var table = new List<(IoctlDefinition, CoreIoctlHandler)>
        {
            (DrmIoctls.Version, DrmInfoIoctls.Version),
            (DrmIoctls.GetCap, DrmInfoIoctls.GetCap),
            (DrmIoctls.SetClientCap, DrmInfoIoctls.SetClientCap),
            (DrmIoctls.GemClose, DrmGemIoctls.GemClose),
            (DrmIoctls.GemFlink, DrmGemIoctls.GemFlink),
            (DrmIoctls.GemOpen, DrmGemIoctls.GemOpen),
            (DrmIoctls.PrimeHandleToFd, DrmPrimeIoctls.HandleToFd),
            (DrmIoctls.PrimeFdToHandle, DrmPrimeIoctls.FdToHandle),
            (DrmIoctls.ModeCreateDumb, DrmDumbIoctls.CreateDumb),
            (DrmIoctls.ModeMapDumb, DrmDumbIoctls.MapDumb),
            (DrmIoctls.ModeDestroyDumb, DrmDumbIoctls.DestroyDumb),
            (DrmIoctls.SyncobjCreate, DrmSyncobjIoctls.Create),
            (DrmIoctls.SyncobjDestroy, DrmSyncobjIoctls.Destroy),
            (DrmIoctls.SyncobjHandleToFd, DrmSyncobjIoctls.HandleToFd),
            (DrmIoctls.SyncobjFdToHandle, DrmSyncobjIoctls.FdToHandle),
            (DrmIoctls.SyncobjWait, DrmSyncobjWaits.Wait),
            (DrmIoctls.SyncobjReset, DrmSyncobjIoctls.Reset),
            (DrmIoctls.SyncobjSignal, DrmSyncobjIoctls.Signal),
            (DrmIoctls.SyncobjTimelineWait, DrmSyncobjWaits.TimelineWait),
            (DrmIoctls.SyncobjQuery, DrmSyncobjTimelines.Query),
            (DrmIoctls.SyncobjTransfer, DrmSyncobjTimelines.Transfer),
            (DrmIoctls.SyncobjTimelineSignal, DrmSyncobjTimelines.TimelineSignal),
        };
        // drm_ioctl.c gained SET_CLIENT_NAME in 6.13 and GEM_CHANGE_HANDLE in 6.17.
        if (kernel >= new Version(6, 13)) table.Add((DrmIoctls.SetClientName, DrmInfoIoctls.SetClientName));
        if (kernel >= new Version(6, 17)) table.Add((DrmIoctls.GemChangeHandle, DrmGemIoctls.GemChangeHandle));
        return table;
    }
}
