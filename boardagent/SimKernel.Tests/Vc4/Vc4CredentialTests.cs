using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;
using NUnit.Framework;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>
/// The simulated caller's credentials: GET_HANG_STATE is DRM_ROOT_ONLY in vc4_drv.c's ioctl table, so the DRM core
/// answers EACCES to a non-root caller before the driver runs, and /proc/self/status reports the uid that decision
/// used, which is what the agent's hello tells the model.
/// </summary>
[TestFixture]
public sealed class Vc4CredentialTests
{
    private static (SyscallResult Result, string? Status) HangStateAndStatus(bool isRoot)
    {
        using var kernel = SimulatedKernel.Create("rpi3-6.12", new SimOptions { IsRoot = isRoot });
        int fd = (int)kernel.Open("/dev/dri/card0", OpenFlags.ReadWrite).Value;
        var hang = new drm_vc4_get_hang_state();
        var result = kernel.Ioctl(fd, Vc4Ioctls.GetHangState.Request, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref hang, 1)));
        return (result, kernel.ReadText("/proc/self/status").Text);
    }

    [Test]
    [Description("As root, GET_HANG_STATE with no saved hang reaches the driver and fails with ENOENT, and /proc/self/status says uid 0.")]
    public void RootCallerGetsEnoentAndUidZero()
    {
        var (result, status) = HangStateAndStatus(isRoot: true);
        Assert.That(result.Errno, Is.EqualTo(Errno.ENOENT));
        Assert.That(status, Does.Contain("\nUid:\t0\t0\t0\t0\n"));
    }

    [Test]
    [Description("As a regular user, GET_HANG_STATE fails with EACCES from the DRM core, and /proc/self/status says that user's uid.")]
    public void UnprivilegedCallerGetsEaccesAndItsUid()
    {
        var (result, status) = HangStateAndStatus(isRoot: false);
        Assert.That(result.Errno, Is.EqualTo(Errno.EACCES));
        Assert.That(status, Does.Contain("\nUid:\t1000\t1000\t1000\t1000\n"));
    }
}
