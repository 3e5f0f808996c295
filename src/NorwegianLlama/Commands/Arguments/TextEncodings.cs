using System;
using System.Text;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>The encoding names PowerShell's own -Encoding parameters accept, plus any .NET encoding name.</summary>
internal static class TextEncodings
{
    public static Encoding? Resolve(string name)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "utf8" or "utf8nobom" or "utf-8":
                return new UTF8Encoding(false);
            case "utf8bom":
                return new UTF8Encoding(true);
            case "ascii":
                return System.Text.Encoding.ASCII;
            case "latin1":
                return System.Text.Encoding.Latin1;
            case "unicode":
                return System.Text.Encoding.Unicode;
            case "bigendianunicode":
                return System.Text.Encoding.BigEndianUnicode;
            case "utf32":
                return System.Text.Encoding.UTF32;
        }

        try
        {
            return System.Text.Encoding.GetEncoding(name);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // NotSupportedException: a name .NET knows but refuses, such as UTF-7.
            return null;
        }
    }
}
