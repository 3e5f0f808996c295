using System;
using System.Diagnostics.CodeAnalysis;

namespace NorwegianLlama.Prompting;

/// <summary>
/// Python's str.strip() with no arguments, because the reference chat_completion strips with it and the
/// model saw prompts shaped that way. .NET's Trim() differs in one place: Python's str.isspace() also
/// counts U+001C..U+001F (the information separators, bidi class B/S), .NET's char.IsWhiteSpace does not.
/// Both agree on U+0085 and U+00A0 (stripped) and on U+200B/U+FEFF/U+180E (kept). The set is spelled out
/// instead of delegating to char.IsWhiteSpace so a future Unicode update in .NET cannot shift it silently.
/// </summary>
internal static class PythonWhitespace
{
    public static bool IsWhiteSpace(char c) => c switch
    {
        >= '\u0009' and <= '\u000D' => true,
        >= '\u001C' and <= '\u0020' => true,
        '\u0085' or '\u00A0' or '\u1680' => true,
        >= '\u2000' and <= '\u200A' => true,
        '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        _ => false,
    };

    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int start = 0;
        int end = text.Length;
        while (start < end && IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return text.Substring(start, end - start);
    }

    public static bool IsNullOrWhiteSpace([NotNullWhen(false)] string? text)
    {
        if (text is null)
        {
            return true;
        }

        foreach (char c in text)
        {
            if (!IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}
