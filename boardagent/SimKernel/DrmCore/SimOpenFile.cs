using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>
/// A struct file behind a file descriptor of the simulated process: a DRM node, a dma-buf, a syncobj file or a
/// sync_file. Several descriptors may share one file (a dma-buf exported twice); <see cref="Release"/> runs when the
/// last descriptor of this entry closes.
/// </summary>
internal abstract class SimOpenFile(OpenFlags flags)
{
    public OpenFlags Flags { get; } = flags;

    /// <summary>Inode number shown in fdinfo.</summary>
    public abstract long Inode { get; }

    /// <summary>fput() of the descriptor's reference.</summary>
    public abstract void Release();

    /// <summary>The file-type specific fdinfo lines after pos/flags/mnt_id/ino, or "".</summary>
    public abstract string FdinfoTail();
}
