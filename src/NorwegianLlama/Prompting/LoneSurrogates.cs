using System;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Prompting;

/// <summary>
/// Finds and replaces UTF-16 surrogates that are not half of a pair. Such text is not Unicode: it cannot be written as
/// UTF-8 faithfully, and llama.cpp was measured spending seconds per input on it, so person text is repaired here,
/// in one linear pass, before any native call sees it.
/// </summary>
internal static class LoneSurrogates
{
    /// <summary>What the lone surrogates become: the character every decoder writes for text it cannot read.</summary>
    public const char Replacement = '\uFFFD';

    /// <summary>The index of the first lone surrogate at or after <paramref name="start"/>, or -1.</summary>
    public static int IndexOfFirst(ReadOnlySpan<char> text, int start = 0)
    {
        int i = start;
        while (i < text.Length)
        {
            // The vectorised search skips ordinary text, so a clean document costs almost nothing.
            int found = text[i..].IndexOfAnyInRange('\uD800', '\uDFFF');
            if (found < 0)
            {
                return -1;
            }

            i += found;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i += 2;
                continue;
            }

            return i;
        }

        return -1;
    }

    /// <summary>
    /// <paramref name="text"/> with every lone surrogate replaced by U+FFFD; the same instance when it has none, so clean
    /// text is never copied.
    /// </summary>
    /// <param name="first">The index of the first lone surrogate, or -1.</param>
    /// <param name="count">How many were replaced.</param>
    public static string Replace(string text, out int first, out int count)
    {
        ArgumentNullException.ThrowIfNull(text);
        first = IndexOfFirst(text);
        count = 0;
        if (first < 0)
        {
            return text;
        }

        char[] repaired = text.ToCharArray();
        for (int at = first; at >= 0; at = IndexOfFirst(repaired, at + 1))
        {
            repaired[at] = Replacement;
            count++;
        }

        return new string(repaired);
    }

    /// <summary><paramref name="text"/> repaired, after telling <paramref name="warn"/> about it when there was anything to repair.</summary>
    /// <param name="input">How the person knows this text, such as "-Message" or "Message 3 of -Conversation".</param>
    public static string Repair(string text, string input, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(warn);
        string repaired = Replace(text, out int first, out int count);
        if (count > 0)
        {
            warn(Warning(input, first, count));
        }

        return repaired;
    }

    /// <summary>The warning for text that had lone surrogates: which input, where the first was, and what was done.</summary>
    public static string Warning(string input, int first, int count) => count == 1
        ? PromptMessages.LoneSurrogateReplaced(input, count, first + 1)
        : PromptMessages.LoneSurrogatesReplaced(input, count, first + 1);
}
