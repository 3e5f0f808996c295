using System;
using System.Globalization;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Prompting;

/// <summary>
/// Runs of control and format characters (Unicode Cc and Cf, and U+FFFD, which lone surrogates and undecodable bytes
/// become). The vocabulary has no pieces for them, so llama.cpp's tokenizer writes them byte by byte, and it takes time
/// quadratic in the length of such a run: measured on a test model, 100,000 U+200B in a row took 4.3 s, 50,000 took
/// 1.0 s and 25,000 took 0.25 s, while the same 100,000 cut into runs of 10,000 by a letter took 0.7 s.
/// </summary>
internal static class ControlRuns
{
    /// <summary>
    /// The longest run allowed: one costs at most about 0.05 s, so a text's cost stays linear in its length, and no
    /// document meant for people holds ten thousand invisible characters in a row.
    /// </summary>
    public const int MaxRun = 10_000;

    /// <summary>
    /// Whether <paramref name="c"/> is such a character. Line breaks and tabs are not: ordinary text is full of them, and
    /// long runs of them are left to the tokenizer.
    /// </summary>
    public static bool Counts(char c) =>
        c is not ('\n' or '\r' or '\t')
        && (c == LoneSurrogates.Replacement || char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format);

    /// <summary>The start and length of the longest run in <paramref name="text"/>; length 0 when there is none.</summary>
    public static (int Start, int Length) Longest(ReadOnlySpan<char> text)
    {
        (int Start, int Length) longest = (0, 0);
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && Counts(text[i]))
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0 && i - start > longest.Length)
            {
                longest = (start, i - start);
            }

            start = -1;
        }

        return longest;
    }

    /// <exception cref="PromptException">The text holds a run longer than <see cref="MaxRun"/>.</exception>
    public static void Check(string text)
    {
        (int start, int length) = Longest(text);
        if (length > MaxRun)
        {
            throw new PromptException(
                PromptErrorIds.ControlRunTooLong,
                PromptMessages.ControlRunTooLong(length, text[start], MaxRun));
        }
    }
}
