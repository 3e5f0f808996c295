using System.Collections.Generic;

namespace NorwegianLlama.Inference;

/// <param name="Temperature">0 picks the most likely token every time (greedy).</param>
/// <param name="TopK">0 turns top-k off.</param>
/// <param name="MinP">0 turns min-p off.</param>
/// <param name="RepeatPenalty">1 turns the penalty off.</param>
internal sealed record SamplingOptions(float Temperature, float TopP, int TopK, float MinP, float RepeatPenalty, uint Seed);

/// <param name="Reproducible">The caller chose the seed: the answer must not depend on what a warm context held.</param>
/// <param name="Grammar">GBNF (already parsed by us) that every answer must match from its rule 'root'.</param>
internal sealed record GenerationOptions(
    int MaxTokens,
    SamplingOptions Sampling,
    IReadOnlyList<string> StopSequences,
    int ContextSize,
    int Threads,
    bool Reproducible = false,
    string? Grammar = null)
{
    /// <summary>Already checked against the model (<see cref="KvCacheChoice"/>); F16 fits every model.</summary>
    public KvCacheTypes KvCache { get; init; } = KvCacheTypes.F16;

    /// <summary>Counts the tokens read and written, for a caller that shows progress; null counts nothing.</summary>
    public GenerationMeter? Meter { get; init; }

    public ContextShape Shape => new(ContextSize, 1, Threads, KvCache);
}

internal sealed record GenerationResult(
    string Text,
    int PromptTokenCount,
    int CompletionTokenCount,
    NorskStopReason StopReason,
    System.TimeSpan TimeToFirstToken,
    System.TimeSpan Duration,
    double TokensPerSecond)
{
    /// <summary>Prompt tokens found already decoded in a warm context's KV cache.</summary>
    public int ReusedPromptTokenCount { get; init; }

    /// <summary>The KV cache cells of the context the answer was generated in: what it had allocated, at most the context size.</summary>
    public int ContextCells { get; init; }

    /// <summary>The ids the model wrote, without the end-of-sequence token; they can write more than Text where a stop sequence cut it.</summary>
    public int[] AnswerTokens { get; init; } = [];
}
