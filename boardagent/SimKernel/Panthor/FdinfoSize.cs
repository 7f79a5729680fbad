using System.Globalization;

namespace HilHarness.SimKernel.Panthor;

/// <summary>drm_fdinfo_print_size() (drivers/gpu/drm/drm_file.c): divide by 1024 while the value stays a non-zero
/// multiple of 1024, at most up to MiB; zero prints as a bare "0".</summary>
internal static class FdinfoSize
{
    private static readonly string[] Units = ["", " KiB", " MiB"];

    public static string Format(ulong bytes)
    {
        int unit = 0;
        for (; unit < Units.Length - 1; unit++)
        {
            if (bytes == 0 || bytes % 1024 != 0) break;
            bytes /= 1024;
        }
        return bytes.ToString(CultureInfo.InvariantCulture) + Units[unit];
    }
}
