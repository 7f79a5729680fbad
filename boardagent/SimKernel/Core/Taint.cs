namespace HilHarness.SimKernel.Core;

/// <summary>Kernel taint bits (include/linux/panic.h) as /proc/sys/kernel/tainted shows them.</summary>
[Flags]
public enum Taint : ulong
{
    None = 0,
    /// <summary>TAINT_BAD_PAGE (5, 'B').</summary>
    BadPage = 1UL << 5,
    /// <summary>TAINT_DIE (7, 'D'): an oops or BUG happened.</summary>
    Die = 1UL << 7,
    /// <summary>TAINT_WARN (9, 'W'): a WARN() fired.</summary>
    Warn = 1UL << 9,
    /// <summary>TAINT_OOT_MODULE (12, 'O').</summary>
    OutOfTreeModule = 1UL << 12,
}
