using System;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Inference;

internal static class ContextBudget
{
    /// <summary>
    /// The most prompt tokens a call may use: the rest of the context is kept for the answer, up to a
    /// quarter of it, so a long prompt still leaves room to say something.
    /// </summary>
    public static int PromptLimit(int contextSize, int maxTokens) => contextSize - Math.Min(maxTokens, contextSize / 4);

    /// <summary>The trained length, capped: a 32k-context model would otherwise reserve gigabytes of KV cache.</summary>
    public static int DefaultContextSize(GgufFile header)
    {
        const int Cap = 4096;
        long trained = header.TrainedContextLength ?? Cap;
        return (int)Math.Clamp(trained, 64, Cap);
    }
}
