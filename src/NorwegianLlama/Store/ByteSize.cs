using System.Globalization;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Store;

internal static class ByteSize
{
    /// <summary>Sizes as PowerShell counts them (1GB = 1024³), the way the module's formats show SizeBytes.</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Format(CultureInfo.CurrentCulture, "{0:N2} GB", bytes / (double)(1L << 30)),
        >= 1L << 20 => string.Format(CultureInfo.CurrentCulture, "{0:N1} MB", bytes / (double)(1L << 20)),
        >= 1L << 10 => string.Format(CultureInfo.CurrentCulture, "{0:N0} KB", bytes / (double)(1L << 10)),
        _ => StoreMessages.ByteCount(bytes),
    };
}
