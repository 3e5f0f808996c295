using System;
using NorwegianLlama.Gguf;

namespace NorwegianLlama.Inference;

/// <summary>What of a model's attention decides which KV cache types it can take and how big the cache is.</summary>
/// <param name="KeyWidth">llama.cpp's n_embd_head_k: the length of one head's key row.</param>
/// <param name="ValueWidth">n_embd_head_v: the length of one head's value row.</param>
internal sealed record KvCacheShape(long Layers, long KvHeads, long KeyWidth, long ValueWidth)
{
    public static KvCacheShape From(GgufFile header)
    {
        string? architecture = header.FindString("general.architecture");
        long? Hyper(string name) => architecture is null ? null : header.FindInteger($"{architecture}.{name}");

        long heads = Math.Max(1, Hyper("attention.head_count") ?? 1);
        long headWidth = (Hyper("embedding_length") ?? 1) / heads;
        // llama.cpp reads key_length/value_length when a model declares them and divides the embedding otherwise.
        return new KvCacheShape(
            Math.Max(1, Hyper("block_count") ?? 1),
            Math.Max(1, Hyper("attention.head_count_kv") ?? heads),
            Hyper("attention.key_length") ?? headWidth,
            Hyper("attention.value_length") ?? headWidth);
    }

    public long BytesPerToken(KvCacheTypes types) =>
        (long)Math.Ceiling(Layers * KvHeads * ((KeyWidth * KvCacheTypes.BytesPerValue(types.K)) + (ValueWidth * KvCacheTypes.BytesPerValue(types.V))));

    public long Bytes(KvCacheTypes types, int contextSize) => BytesPerToken(types) * contextSize;
}
