using System;
using System.Collections.Generic;

namespace NorwegianLlama.Prompting;

/// <summary>
/// Cuts a long text into pieces that tokenise, one after another, to exactly the tokens of the whole text.
/// A SentencePiece tokenizer only ever joins neighbouring characters into a piece of its vocabulary, so a
/// character that no piece of two or more characters contains (a newline, a tab or an emoji in the Llama
/// vocabulary) is never joined to either neighbour: no token crosses the place just before it. Every cut is made there.
/// </summary>
internal static class TokenizationPieces
{
    /// <summary>
    /// The pieces of <paramref name="text"/>, in order, each at least <paramref name="targetLength"/> UTF-16 units
    /// where the text allows (the last may be shorter), cut only just before the character at an index for which
    /// <paramref name="isIsolatedAt"/> holds; it is never asked about the second half of a surrogate pair. A text
    /// with no such character is one piece. Linear in the length.
    /// </summary>
    public static List<Range> Split(string text, Func<string, int, bool> isIsolatedAt, int targetLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(isIsolatedAt);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetLength, 1);

        var pieces = new List<Range>();
        int start = 0;
        for (int i = 1; i < text.Length; i++)
        {
            if (i - start >= targetLength && !char.IsLowSurrogate(text[i]) && isIsolatedAt(text, i))
            {
                pieces.Add(start..i);
                start = i;
            }
        }

        pieces.Add(start..text.Length);
        return pieces;
    }
}
