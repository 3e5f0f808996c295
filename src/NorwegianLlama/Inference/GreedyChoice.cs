using System;
using System.Collections.Generic;
using System.Numerics.Tensors;

namespace NorwegianLlama.Inference;

/// <summary>
/// Picks the token LLamaSharp's DefaultSamplingPipeline picks at temperature 0, without running it. At
/// temperature 0 llama.cpp's chain ends in an argmax, and top-k, top-p and min-p always keep the most likely
/// token, so only the repeat penalty can change the choice. The chain still works over every candidate (a copy
/// of all logits, top-p's softmax and sort, the final draw), measured at ≈ 2.2 ms a token on a 32,000-piece
/// vocabulary (tests/Bench/Measure-TokenOverhead.ps1); this is one vectorised pass over the logits.
/// </summary>
/// <remarks>
/// The penalty is llama.cpp's: each token among the last <see cref="PenaltyWindow"/> chosen, however often it
/// occurs, has a positive logit divided by the penalty and any other multiplied by it. Ties go to the lowest
/// id; llama.cpp's order among exactly equal logits depends on its sort.
/// </remarks>
internal sealed class GreedyChoice(float repeatPenalty)
{
    /// <summary>How many of the last chosen tokens DefaultSamplingPipeline penalises (its PenaltyCount).</summary>
    internal const int PenaltyWindow = 64;

    private readonly Queue<int> recent = new(PenaltyWindow);
    private readonly Dictionary<int, int> counts = new(PenaltyWindow);

    // llama.cpp's own test for "no penalty": exactly 1, so a NaN penalty is applied as it would be there.
    private bool Penalising => repeatPenalty != 1.0f;

    /// <summary>
    /// The open token (its masked logit not -∞) whose penalised logit is highest, NaN counting lowest; -1 when
    /// the masks left none open.
    /// </summary>
    public int Pick(Span<float> maskedLogits)
    {
        if (!Penalising || counts.Count == 0)
        {
            return Best(maskedLogits);
        }

        // Penalised in place for the pick, then put back: the masks and MaskedChoice read the logits as they were.
        Span<int> tokens = stackalloc int[counts.Count];
        Span<float> saved = stackalloc float[counts.Count];
        int n = 0;
        foreach (int token in counts.Keys)
        {
            if ((uint)token < (uint)maskedLogits.Length && !float.IsNegativeInfinity(maskedLogits[token]))
            {
                tokens[n] = token;
                saved[n] = maskedLogits[token];
                maskedLogits[token] = Penalise(saved[n]);
                n++;
            }
        }

        int best = Best(maskedLogits);
        for (int i = 0; i < n; i++)
        {
            maskedLogits[tokens[i]] = saved[i];
        }

        return best;
    }

    /// <summary>Records the chosen token, as the chain records what it samples.</summary>
    public void Accept(int token)
    {
        if (!Penalising)
        {
            return;
        }

        if (recent.Count == PenaltyWindow)
        {
            int oldest = recent.Dequeue();
            if (--counts[oldest] == 0)
            {
                counts.Remove(oldest);
            }
        }

        recent.Enqueue(token);
        counts[token] = counts.TryGetValue(token, out int count) ? count + 1 : 1;
    }

    /// <summary>
    /// <see cref="MaskedChoice.Keep"/>'s best open token in one vectorised pass. IndexOfMax also takes the first
    /// of equal maxima, but it returns the first NaN where there is one and ranks +0 above -0, and its maximum
    /// may be a closed -∞: those rare cases go to Keep's exact scan.
    /// </summary>
    internal static int Best(ReadOnlySpan<float> maskedLogits)
    {
        int at = TensorPrimitives.IndexOfMax(maskedLogits);
        if (at >= 0)
        {
            float top = maskedLogits[at];
            if (!float.IsNaN(top) && !float.IsNegativeInfinity(top) && top != 0)
            {
                return at;
            }
        }

        return MaskedChoice.Keep(maskedLogits, -1);
    }

    private float Penalise(float logit) => logit <= 0 ? logit * repeatPenalty : logit / repeatPenalty;
}
