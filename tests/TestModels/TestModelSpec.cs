using System;

namespace NorwegianLlama.TestModels;

/// <summary>Shape and seed of a generated llama model. The defaults give a model of a few hundred kilobytes.</summary>
public sealed class TestModelSpec
{
    public string Name { get; init; } = "norsk-test";

    public int Layers { get; init; } = 2;

    public int Embedding { get; init; } = 64;

    public int Heads { get; init; } = 4;

    /// <summary>0 means the same as <see cref="Heads"/>; fewer gives grouped-query attention.</summary>
    public int KvHeads { get; init; } = 0;

    public int FeedForward { get; init; } = 128;

    public int ContextLength { get; init; } = 256;

    /// <summary>Type of the 2-D weights; norm weights are always F32.</summary>
    public TestTensorType TensorType { get; init; } = TestTensorType.F32;

    public int Seed { get; init; } = 1;

    /// <summary>When true, output.weight is omitted and llama.cpp reuses token_embd.weight for the output projection.</summary>
    public bool TiedOutput { get; init; } = false;

    public float RopeFreqBase { get; init; } = 10000f;

    public float RmsEpsilon { get; init; } = 1e-5f;

    /// <summary>Written as tokenizer.chat_template when set.</summary>
    public string? ChatTemplate { get; init; } = null;

    /// <summary>
    /// 0 keeps the built-in vocabulary (about 720 pieces); a larger number pads it with filler word pieces to
    /// that many tokens, for models of a real shape (Llama-2 has 32,000). The built-in pieces keep their ids.
    /// </summary>
    public int VocabularySize { get; init; } = 0;

    internal int EffectiveKvHeads => KvHeads == 0 ? Heads : KvHeads;

    internal int HeadDimension => Embedding / Heads;

    internal int KvEmbedding => EffectiveKvHeads * HeadDimension;

    /// <summary>
    /// Rejects shapes llama.cpp would refuse, so a test fails here with a clear message instead of in a native log.
    /// </summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Name, nameof(Name));
        Positive(Layers, nameof(Layers));
        Positive(Embedding, nameof(Embedding));
        Positive(Heads, nameof(Heads));
        Positive(FeedForward, nameof(FeedForward));
        Positive(ContextLength, nameof(ContextLength));
        ArgumentOutOfRangeException.ThrowIfNegative(KvHeads, nameof(KvHeads));

        int builtIn = TestVocabulary.Default.Pieces.Count;
        if (VocabularySize != 0 && VocabularySize < builtIn)
        {
            throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize, $"Must be 0 (the built-in vocabulary) or at least its {builtIn} pieces.");
        }

        if (Embedding % Heads != 0)
        {
            throw new ArgumentException($"{nameof(Embedding)} ({Embedding}) must be a multiple of {nameof(Heads)} ({Heads}).");
        }

        // RoPE rotates pairs of dimensions, so each head needs an even size.
        if (HeadDimension % 2 != 0)
        {
            throw new ArgumentException($"The head dimension ({HeadDimension}) must be even for RoPE.");
        }

        if (Heads % EffectiveKvHeads != 0)
        {
            throw new ArgumentException($"{nameof(Heads)} ({Heads}) must be a multiple of {nameof(KvHeads)} ({EffectiveKvHeads}).");
        }

        if (!float.IsFinite(RopeFreqBase) || RopeFreqBase <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(RopeFreqBase), RopeFreqBase, "Must be positive and finite.");
        }

        if (!float.IsFinite(RmsEpsilon) || RmsEpsilon <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(RmsEpsilon), RmsEpsilon, "Must be positive and finite.");
        }
    }

    private static void Positive(int value, string name) => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, name);
}
