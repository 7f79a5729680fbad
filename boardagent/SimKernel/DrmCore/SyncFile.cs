using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>A sync_file holding one fence (SYNCOBJ_HANDLE_TO_FD with EXPORT_SYNC_FILE).</summary>
internal sealed class SyncFile(SimFence fence) : SimOpenFile(OpenFlags.ReadWrite | OpenFlags.CloseOnExec)
{
    public SimFence Fence { get; } = fence;

    public override long Inode => 9;

    public override void Release() { }

    public override string FdinfoTail() => string.Empty;
}
