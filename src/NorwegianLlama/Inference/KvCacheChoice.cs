namespace NorwegianLlama.Inference;

/// <summary>
/// Which KV cache types a context of a model gets. llama.cpp aborts the whole process when a cache row is not a
/// whole number of quantization blocks, so every quantized half is checked against the model's head width
/// before any context is made.
/// </summary>
internal static class KvCacheChoice
{
    /// <param name="requested">What the person asked for, or null for <see cref="KvCacheTypes.Default"/>.</param>
    /// <returns>The types to use, or the refused half and its head width when an asked-for type cannot apply.</returns>
    public static KvCacheDecision Decide(KvCacheTypes? requested, KvCacheShape shape)
    {
        // The default, f16, fits every head width.
        if (requested is not { } asked)
        {
            return new KvCacheDecision(KvCacheTypes.Default);
        }

        if (!Fits(asked.K, shape.KeyWidth))
        {
            return new KvCacheDecision(asked, new KvCacheRefusal("K", asked.K, shape.KeyWidth));
        }

        if (!Fits(asked.V, shape.ValueWidth))
        {
            return new KvCacheDecision(asked, new KvCacheRefusal("V", asked.V, shape.ValueWidth));
        }

        return new KvCacheDecision(asked);
    }

    private static bool Fits(NorskKvCacheType type, long headWidth) =>
        headWidth > 0 && headWidth % KvCacheTypes.BlockSize(type) == 0;
}

/// <param name="Refusal">Set when <see cref="Types"/> were asked for and the model cannot take them.</param>
internal sealed record KvCacheDecision(KvCacheTypes Types, KvCacheRefusal? Refusal = null);

/// <param name="Half">"K" or "V".</param>
/// <param name="HeadWidth">The model's per-head width for that half, which must be a multiple of the type's block size.</param>
internal sealed record KvCacheRefusal(string Half, NorskKvCacheType Type, long HeadWidth)
{
    public int BlockSize => KvCacheTypes.BlockSize(Type);
}
