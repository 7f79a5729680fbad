using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>A syncobj exported as a file (SYNCOBJ_HANDLE_TO_FD without flags); importing it gives a new handle on
/// the same syncobj.</summary>
internal sealed class SyncobjFile(SimSyncobj syncobj) : SimOpenFile(OpenFlags.ReadWrite | OpenFlags.CloseOnExec)
{
    public SimSyncobj Syncobj { get; } = syncobj;

    public override long Inode => 8;

    public override void Release() { }

    public override string FdinfoTail() => string.Empty;
}
