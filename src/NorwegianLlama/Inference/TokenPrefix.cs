using System;
using System.Collections.Generic;

namespace NorwegianLlama.Inference;

internal static class TokenPrefix
{
    /// <summary>
    /// How many leading tokens every prompt shares, leaving each at least one token of its own: a sequence
    /// only gets logits for a token it decodes itself.
    /// </summary>
    public static int SharedLength(IReadOnlyList<int[]> prompts)
    {
        if (prompts.Count == 0)
        {
            return 0;
        }

        int shortest = int.MaxValue;
        foreach (int[] prompt in prompts)
        {
            shortest = Math.Min(shortest, prompt.Length);
        }

        int shared = 0;
        while (shared < shortest - 1 && AllEqualAt(prompts, shared))
        {
            shared++;
        }

        return shared;
    }

    private static bool AllEqualAt(IReadOnlyList<int[]> prompts, int position)
    {
        int token = prompts[0][position];
        for (int i = 1; i < prompts.Count; i++)
        {
            if (prompts[i][position] != token)
            {
                return false;
            }
        }

        return true;
    }
}
