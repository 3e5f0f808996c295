using System;
using System.Globalization;

namespace NorwegianLlama.Resources;

/// <summary>
/// Which translation a UI culture reads. The module ships Bokmål only, and Nynorsk and plain "no" readers
/// read Bokmål far better than English; .NET's own fallback would give them English (nn-NO → nn → invariant).
/// </summary>
internal static class MessageCulture
{
    public static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb");

    public static CultureInfo For(CultureInfo uiCulture)
    {
        ArgumentNullException.ThrowIfNull(uiCulture);
        return IsNorwegian(uiCulture) ? Norwegian : uiCulture;
    }

    public static bool IsNorwegian(CultureInfo culture) => culture.TwoLetterISOLanguageName is "nb" or "nn" or "no";
}
