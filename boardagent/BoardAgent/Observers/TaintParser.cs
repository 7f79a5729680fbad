using System.Globalization;
using System.Text;

namespace HilHarness.BoardAgent.Observers;

/// <summary>
/// Parses <c>/proc/sys/kernel/tainted</c> (a decimal bit mask) and names the bits with the letters of the
/// kernel's taint_flags table (kernel/panic.c): P F S R M B U D A W C I O E L K X T N J.
/// </summary>
public static class TaintParser
{
    private static readonly (char Letter, string Name)[] Flags =
    [
        ('P', "TAINT_PROPRIETARY_MODULE"), ('F', "TAINT_FORCED_MODULE"), ('S', "TAINT_CPU_OUT_OF_SPEC"),
        ('R', "TAINT_FORCED_RMMOD"), ('M', "TAINT_MACHINE_CHECK"), ('B', "TAINT_BAD_PAGE"), ('U', "TAINT_USER"),
        ('D', "TAINT_DIE"), ('A', "TAINT_OVERRIDDEN_ACPI_TABLE"), ('W', "TAINT_WARN"), ('C', "TAINT_CRAP"),
        ('I', "TAINT_FIRMWARE_WORKAROUND"), ('O', "TAINT_OOT_MODULE"), ('E', "TAINT_UNSIGNED_MODULE"),
        ('L', "TAINT_SOFTLOCKUP"), ('K', "TAINT_LIVEPATCH"), ('X', "TAINT_AUX"), ('T', "TAINT_RANDSTRUCT"),
        ('N', "TAINT_TEST"), ('J', "TAINT_FWCTL"),
    ];

    public static TaintReport Parse(string text)
    {
        var trimmed = text.Trim();
        if (!ulong.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return TaintReport.NotAvailable($"tainted: expected an unsigned decimal number, got \"{trimmed}\"");
        return FromValue(value);
    }

    /// <summary>The report for a taint mask: letters and names of the set bits in bit order.</summary>
    public static TaintReport FromValue(ulong value)
    {
        var letters = new StringBuilder();
        var names = new List<string>();
        for (int bit = 0; bit < 64; bit++)
        {
            if ((value & (1UL << bit)) == 0) continue;
            if (bit < Flags.Length)
            {
                letters.Append(Flags[bit].Letter);
                names.Add(Flags[bit].Name);
            }
            else
            {
                letters.Append('?');
                names.Add("TAINT_BIT_" + bit.ToString(CultureInfo.InvariantCulture));
            }
        }
        return new TaintReport { Value = value, Flags = letters.ToString(), Names = names };
    }
}
