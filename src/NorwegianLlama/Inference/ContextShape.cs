using LLama.Common;

namespace NorwegianLlama.Inference;

/// <summary>What a llama.cpp context is made with, besides the model and its adapters.</summary>
/// <param name="ContextSize">KV cache cells, shared by all sequences.</param>
/// <param name="Sequences">1 for a single answer; a batch's size for a batch.</param>
internal readonly record struct ContextShape(int ContextSize, int Sequences, int Threads)
{
    /// <summary>Batch contexts are sized in these steps rather than to every sequence's maximum.</summary>
    public const int BatchGranularity = 256;

    /// <summary>
    /// Whether an idle context of this shape can serve a request for <paramref name="wanted"/>. A single
    /// answer takes only its own shape. A batch also takes a larger batch context when both sizes are whole
    /// steps: llama.cpp attends over the cells in use rounded up to 256, not over the whole cache, so the extra
    /// room changes no result and seeded answers stay the same.
    /// </summary>
    public bool CanServe(ContextShape wanted) =>
        Threads == wanted.Threads && (wanted.Sequences == 1
            ? this == wanted
            : Sequences >= wanted.Sequences && (ContextSize == wanted.ContextSize || (ContextSize > wanted.ContextSize && IsWholeSteps && wanted.IsWholeSteps)));

    private bool IsWholeSteps => ContextSize % BatchGranularity == 0;

    public ModelParams Parameters(string modelPath)
    {
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = (uint)ContextSize,
            SeqMax = (uint)Sequences,
            Threads = Threads,
            BatchThreads = Threads,
            BatchSize = TextGenerator.DecodeBatchSize,
        };
        if (Sequences > 1)
        {
            // One cache for all sequences, so a batch's shared prefix is stored once and tagged with every sequence.
            parameters.KVUnified = true;
        }

        return parameters;
    }
}
