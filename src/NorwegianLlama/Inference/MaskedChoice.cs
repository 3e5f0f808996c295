using System;

namespace NorwegianLlama.Inference;

/// <summary>
/// Holds the sampler to the tokens the masks left open. When logits are NaN (a model or adapter whose weights
/// overflow), the sampler's probabilities are NaN too and it may return a token whose logit was set to -∞; fed
/// to llama.cpp's grammar, such a token empties its stack and llama.cpp throws out of the native call, which
/// terminates the process.
/// </summary>
internal static class MaskedChoice
{
    /// <summary>
    /// <paramref name="sampled"/> when the masks left it open; otherwise the open token with the highest logit
    /// (NaN counts as lowest, ties go to the lowest id), or -1 when none is open.
    /// </summary>
    public static int Keep(ReadOnlySpan<float> maskedLogits, int sampled)
    {
        if ((uint)sampled < (uint)maskedLogits.Length && !float.IsNegativeInfinity(maskedLogits[sampled]))
        {
            return sampled;
        }

        int best = -1;
        for (int i = 0; i < maskedLogits.Length; i++)
        {
            float logit = maskedLogits[i];
            if (float.IsNegativeInfinity(logit))
            {
                continue;
            }

            if (best < 0 || (float.IsNaN(maskedLogits[best]) && !float.IsNaN(logit)) || logit > maskedLogits[best])
            {
                best = i;
            }
        }

        return best;
    }
}
