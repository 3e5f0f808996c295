using LLama.Common;

namespace NorwegianLlama.Inference;

/// <summary>What a llama.cpp context is made with, besides the model and its adapters.</summary>
/// <param name="ContextSize">KV cache cells, shared by all sequences.</param>
/// <param name="Sequences">1 for a single answer; a batch's size for a batch.</param>
/// <param name="KvCache">The cache's storage types: one of other types holds other numbers for the same tokens.</param>
internal readonly record struct ContextShape(int ContextSize, int Sequences, int Threads, KvCacheTypes KvCache)
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
        Threads == wanted.Threads && KvCache == wanted.KvCache && (wanted.Sequences == 1
            ? this == wanted
            : Sequences >= wanted.Sequences && (ContextSize == wanted.ContextSize || (ContextSize > wanted.ContextSize && IsWholeSteps && wanted.IsWholeSteps)));

    private bool IsWholeSteps => ContextSize % BatchGranularity == 0;

    /// <summary>llama.cpp's parameters for this shape; <paramref name="cells"/> allocates fewer cells than <see cref="ContextSize"/>.</summary>
    public ModelParams Parameters(string modelPath, int? cells = null)
    {
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = (uint)(cells ?? ContextSize),
            SeqMax = (uint)Sequences,
            Threads = Threads,
            BatchThreads = Threads,
            BatchSize = TextGenerator.DecodeBatchSize,
            // llama.cpp needs flash attention for a quantized V, and on this machine it was not slower with f16
            // either (10.6 vs 9.7 prompt tokens a second on a 13B-shaped file).
            FlashAttention = true,
            TypeK = KvCache.GgmlK,
            TypeV = KvCache.GgmlV,
        };
        if (Sequences > 1)
        {
            // One cache for all sequences, so a batch's shared prefix is stored once and tagged with every sequence.
            parameters.KVUnified = true;
        }

        return parameters;
    }
}
