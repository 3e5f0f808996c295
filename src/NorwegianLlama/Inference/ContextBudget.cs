using System;

namespace NorwegianLlama.Inference;

internal static class ContextBudget
{
    /// <summary>
    /// The most prompt tokens a call may use: the rest of the context is kept for the answer, up to a
    /// quarter of it, so a long prompt still leaves room to say something.
    /// </summary>
    public static int PromptLimit(int contextSize, int maxTokens) => contextSize - Math.Min(maxTokens, contextSize / 4);
}
