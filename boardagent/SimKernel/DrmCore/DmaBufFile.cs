using System.Globalization;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.SimKernel.DrmCore;

/// <summary>
/// A dma-buf exported from a GEM object (drm_gem_prime_export). It holds one GEM reference for as long as any
/// descriptor refers to it; the object caches it, so exporting again hands out another descriptor of the same
/// dma-buf, as obj->dma_buf does.
/// </summary>
internal sealed class DmaBufFile(DrmDevice device, SimGemObject obj, OpenFlags flags) : SimOpenFile(flags)
{
    private static long nextInode = 4096;

    public SimGemObject Object { get; } = obj;

    /// <summary>Descriptors referring to this dma-buf.</summary>
    public int Descriptors { get; set; } = 1;

    public override long Inode { get; } = Interlocked.Increment(ref nextInode);

    public override void Release()
    {
        if (--Descriptors > 0) return;
        device.ForgetDmaBuf(this);
        Object.Put();
    }

    // dma_buf_show_fdinfo (drivers/dma-buf/dma-buf.c).
    public override string FdinfoTail() => string.Create(CultureInfo.InvariantCulture,
        $"size:\t{Object.Size}\ncount:\t{Descriptors}\nexp_name:\t{device.Driver.Name}\n");
}
