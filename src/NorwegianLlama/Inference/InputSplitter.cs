using System;
using System.Collections.Generic;
using System.Linq;

namespace NorwegianLlama.Inference;

/// <summary>Cuts an input too long for the context into overlapping parts whose prompts each fit.</summary>
internal static class InputSplitter
{
    // Below this a part says too little to answer anything about; an unbreakable piece stays as it is.
    private const int MinPartChars = 16;

    /// <summary>
    /// Parts sized from the text's own characters-per-token, shrunk until every part's prompt fits.
    /// </summary>
    /// <param name="promptTokenCount">Tokens of the whole prompt when the given text is its input.</param>
    public static List<string> SplitToFit(string text, int limit, Func<string, int> promptTokenCount)
    {
        int overhead = promptTokenCount("");
        int textTokens = Math.Max(1, promptTokenCount(text) - overhead);
        double charsPerToken = (double)text.Length / textTokens;
        // A tenth below the estimate, so most parts fit on the first try.
        int maxChars = Math.Max(MinPartChars, (int)((limit - overhead) * charsPerToken * 0.9));
        while (true)
        {
            List<string> parts = TextChunker.Split(text, maxChars, maxChars / 8);
            if (parts.All(part => promptTokenCount(part) <= limit) || maxChars <= MinPartChars)
            {
                return parts;
            }

            maxChars = (int)(maxChars * 0.8);
        }
    }
}
