using System.Collections.Generic;

namespace NorwegianLlama.Inference;

/// <param name="Temperature">0 picks the most likely token every time (greedy).</param>
/// <param name="TopK">0 turns top-k off.</param>
/// <param name="MinP">0 turns min-p off.</param>
/// <param name="RepeatPenalty">1 turns the penalty off.</param>
internal sealed record SamplingOptions(float Temperature, float TopP, int TopK, float MinP, float RepeatPenalty, uint Seed);

internal sealed record GenerationOptions(
    int MaxTokens,
    SamplingOptions Sampling,
    IReadOnlyList<string> StopSequences,
    int ContextSize,
    int Threads);

internal sealed record GenerationResult(
    string Text,
    int PromptTokenCount,
    int CompletionTokenCount,
    NorskStopReason StopReason,
    System.TimeSpan TimeToFirstToken,
    System.TimeSpan Duration,
    double TokensPerSecond);
