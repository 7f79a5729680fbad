using HilHarness.SimKernel.Core;

namespace HilHarness.SimKernel.Tests.Support;

/// <summary>A GEM object of <see cref="TestDriver"/> that records when the driver's free callback ran.</summary>
public sealed class TestBo(ulong size) : SimGemObject(size)
{
    public bool Freed { get; private set; }

    /// <summary>When set, PRIME export is refused with EINVAL (like a vc4 shader BO).</summary>
    public bool RefuseExport { get; init; }

    protected override void Free() => Freed = true;
}
