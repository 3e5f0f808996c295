using LLama.Common;

namespace NorwegianLlama.Inference;

/// <summary>What a context is made with; an idle context is reused only for a call of the same shape.</summary>
internal sealed record ContextShape(int ContextSize, int Threads, KvCacheTypes KvCache)
{
    /// <summary>The parameters of a one-sequence context of this shape.</summary>
    public ModelParams ToParameters(string modelPath) => WithKvCache(
        new ModelParams(modelPath)
        {
            ContextSize = (uint)ContextSize,
            SeqMax = 1,
            Threads = Threads,
            BatchThreads = Threads,
            BatchSize = TextGenerator.DecodeBatchSize,
        },
        KvCache);

    /// <summary>
    /// Sets the KV cache types, with flash attention on: llama.cpp needs it for a quantized V, and on this machine
    /// it was not slower with f16 either (10.6 vs 9.7 prompt tokens a second on a 13B-shaped file).
    /// </summary>
    public static ModelParams WithKvCache(ModelParams parameters, KvCacheTypes types)
    {
        parameters.FlashAttention = true;
        parameters.TypeK = types.GgmlK;
        parameters.TypeV = types.GgmlV;
        return parameters;
    }
}
