using System.Globalization;
using System.Text;

namespace NorwegianLlama.Structured;

/// <summary>Writing GBNF: quoted literals and rule names llama.cpp accepts.</summary>
internal static class GbnfText
{
    /// <summary>A GBNF string literal matching exactly <paramref name="value"/>; non-ASCII is written raw
    /// (llama.cpp reads the grammar as UTF-8), control characters as \xHH.</summary>
    public static string Literal(string value)
    {
        var text = new StringBuilder(value.Length + 2);
        text.Append('"');
        foreach (Rune rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case < 0x20 or 0x7F:
                    text.Append("\\x").Append(rune.Value.ToString("X2", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(rune.ToString());
                    break;
            }
        }

        text.Append('"');
        return text.ToString();
    }

    /// <summary>A readable rule name from arbitrary text: GBNF names are [A-Za-z0-9-] only.</summary>
    public static string Name(string text)
    {
        var name = new StringBuilder();
        foreach (char c in text)
        {
            bool keep = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
            if (keep)
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }

            if (name.Length >= 40)
            {
                break;
            }
        }

        string result = name.ToString().Trim('-');
        return result.Length == 0 ? "x" : result;
    }

    /// <summary><c>item{min,max}</c> in its shortest spelling; empty when it can only match nothing.</summary>
    public static string Repeat(string item, int min, int? max) => (min, max) switch
    {
        (_, 0) => "",
        (1, 1) => item,
        (0, 1) => item + "?",
        (0, null) => item + "*",
        (1, null) => item + "+",
        (_, null) => $"{item}{{{min},}}",
        _ when min == max => $"{item}{{{min}}}",
        _ => $"{item}{{{min},{max}}}",
    };
}
