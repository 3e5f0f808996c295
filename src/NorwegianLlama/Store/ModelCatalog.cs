using System;
using System.Collections.Generic;
using System.Linq;

namespace NorwegianLlama.Store;

/// <summary>
/// The Norwegian models Install-NorskModel knows by name, the quantisations mradermacher publishes for them, and the
/// one rule that names their files. Install, Uninstall, their argument checks and completion all read it from here.
/// </summary>
internal static class ModelCatalog
{
    public const string DefaultName = "13b";
    public const string DefaultQuantization = "Q4_K_M";

    public static readonly IReadOnlyList<string> Names = ["13b", "7b"];

    /// <summary>Smallest first, spelled as in the repositories' file names.</summary>
    public static readonly IReadOnlyList<string> Quantizations =
        ["Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "IQ4_XS", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "Q8_0", "f16"];

    private const string Prefix = "Llama-2-";
    private const string Suffix = "-chat-norwegian.";

    /// <summary>The catalogue's spelling of a value given in any case (argument checks ignore case; URLs do not).</summary>
    public static string Canonical(IReadOnlyList<string> known, string value) =>
        known.FirstOrDefault(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase)) ?? value;

    public static bool IsKnown(IReadOnlyList<string> known, string? value) =>
        value is not null && known.Contains(value, StringComparer.OrdinalIgnoreCase);

    public static string FileName(string name, string quantization) => $"{Prefix}{name}{Suffix}{quantization}{ModelStore.ModelExtension}";

    /// <summary>
    /// The name and quantisation of a file named by <see cref="FileName"/>, in the catalogue's spelling. Any
    /// quantisation text is taken (a -Uri download may bring one the catalogue lacks); the name must be known.
    /// </summary>
    public static bool TryParseFileName(string fileName, out string name, out string quantization)
    {
        name = quantization = "";
        if (!fileName.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || !ModelStore.IsModelFile(fileName))
        {
            return false;
        }

        string middle = fileName[Prefix.Length..^ModelStore.ModelExtension.Length];
        int suffix = middle.IndexOf(Suffix, StringComparison.OrdinalIgnoreCase);
        if (suffix < 0)
        {
            return false;
        }

        string givenName = middle[..suffix];
        string givenQuantization = middle[(suffix + Suffix.Length)..];
        if (!IsKnown(Names, givenName) || givenQuantization.Length == 0 || givenQuantization.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        name = Canonical(Names, givenName);
        quantization = Canonical(Quantizations, givenQuantization);
        return true;
    }
}
