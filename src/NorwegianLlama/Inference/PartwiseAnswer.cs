using System;
using System.Collections.Generic;
using System.Linq;

namespace NorwegianLlama.Inference;

/// <summary>
/// Map-reduce for an input longer than the context: the instruction is answered for overlapping parts,
/// then once more over the partial answers together (repeated if even those are too long).
/// </summary>
/// <param name="tokenize">The whole prompt for the given text as its input.</param>
/// <param name="limit">The most prompt tokens a call may use.</param>
/// <param name="batchSize">Parts answered together.</param>
internal sealed class PartwiseAnswer(Func<string, int[]> tokenize, int limit, int batchSize)
{
    public const int MaxReducePasses = 3;

    /// <summary>The partial answers as one input for the next pass, in the order of their parts.</summary>
    public static string Combine(IEnumerable<string> partAnswers) => string.Join("\n\n", partAnswers.Select(answer => answer.Trim()));

    /// <summary>Answers parts until what remains fits one prompt, which is left for the caller to answer.</summary>
    /// <param name="answerParts">Answers to the part prompts, in their order; null when answering failed and the caller reported it.</param>
    /// <param name="onPass">Told the number of parts and the pass (from 1) before each pass is answered.</param>
    public ReducedInput Reduce(string text, Func<IReadOnlyList<int[]>, IReadOnlyList<string>?> answerParts, Action<int, int>? onPass = null)
    {
        string material = text;
        int parts = 0;
        for (int pass = 0; pass <= MaxReducePasses; pass++)
        {
            int[] whole = tokenize(material);
            if (whole.Length <= limit)
            {
                return new ReducedInput(whole, parts, null);
            }

            List<string> chunks = InputSplitter.SplitToFit(material, limit, chunk => tokenize(chunk).Length);
            parts = Math.Max(parts, chunks.Count);
            onPass?.Invoke(chunks.Count, pass + 1);
            var partial = new List<string>();
            for (int start = 0; start < chunks.Count; start += batchSize)
            {
                var prompts = chunks.Skip(start).Take(batchSize).Select(tokenize).ToList();
                if (answerParts(prompts) is not { } answers)
                {
                    return new ReducedInput(null, parts, null);
                }

                partial.AddRange(answers);
            }

            material = Combine(partial);
        }

        return new ReducedInput(null, parts, tokenize(material).Length);
    }
}

/// <summary>What is left of a long input after answering its parts.</summary>
/// <param name="Prompt">The final prompt, which fits; null when answering a part failed or nothing fits.</param>
/// <param name="PartCount">The most parts any pass answered.</param>
/// <param name="UnfitTokenCount">Prompt tokens of what was still too long after the last pass.</param>
internal sealed record ReducedInput(int[]? Prompt, int PartCount, int? UnfitTokenCount);
