using System;
using System.Collections.Generic;

namespace NorwegianLlama.Inference;

/// <summary>
/// Splits a long text into overlapping parts for map-reduce answering. Cuts fall on whitespace where there
/// is any, so words (and multi-byte letters like æøå) are never broken.
/// </summary>
internal static class TextChunker
{
    public static List<string> Split(string text, int maxChars, int overlapChars)
    {
        if (maxChars < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxChars));
        }

        overlapChars = Math.Clamp(overlapChars, 0, maxChars / 2);
        var chunks = new List<string>();
        int start = 0;
        while (start < text.Length)
        {
            int end = Math.Min(text.Length, start + maxChars);
            if (end < text.Length)
            {
                int space = text.LastIndexOfAny([' ', '\n', '\t', '\r'], end - 1, end - start);
                if (space > start + maxChars / 2)
                {
                    end = space + 1;
                }
                else if (char.IsHighSurrogate(text[end - 1]))
                {
                    end--;
                }
            }

            string chunk = text[start..end].Trim();
            if (chunk.Length > 0)
            {
                chunks.Add(chunk);
            }

            if (end >= text.Length)
            {
                break;
            }

            int next = Math.Max(start + 1, end - overlapChars);
            // Start the overlap at a word boundary too.
            int boundary = text.IndexOfAny([' ', '\n', '\t', '\r'], next, end - next);
            start = boundary >= 0 ? boundary + 1 : next;
            if (char.IsLowSurrogate(text[start]))
            {
                start++;
            }
        }

        return chunks;
    }
}
