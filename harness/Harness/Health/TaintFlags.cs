using System.Text;

namespace HilHarness.Health;

/// <summary>/proc/sys/kernel/tainted bits and their letters (Documentation/admin-guide/tainted-kernels.rst).</summary>
public static class TaintFlags
{
    private const string Letters = "PFSRMBUDAWCIOELKXTN";

    /// <summary>The letters of the bits set in <paramref name="value"/>, e.g. 512 → "W".</summary>
    public static string Describe(long value)
    {
        var builder = new StringBuilder();
        for (int bit = 0; bit < Letters.Length; bit++)
            if ((value & (1L << bit)) != 0)
                builder.Append(Letters[bit]);
        return builder.ToString();
    }

    /// <summary>The bits set in <paramref name="after"/> that were not in <paramref name="before"/>.</summary>
    public static long NewBits(long before, long after) => after & ~before;
}
