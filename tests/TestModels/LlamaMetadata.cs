namespace NorwegianLlama.TestModels;

/// <summary>The general.*, llama.* and tokenizer.* keys llama.cpp reads for a llama-architecture SPM model.</summary>
internal static class LlamaMetadata
{
    // llama.cpp's file_type values: it only reports them, but a real-looking file should say what it holds.
    private const uint AllF32 = 0;
    private const uint MostlyF16 = 1;

    public static void Add(GgufBuilder builder, TestModelSpec spec)
    {
        TestVocabulary vocabulary = TestVocabulary.For(spec);
        builder
            .Set("general.architecture", GgufValueType.String, "llama")
            .Set("general.name", GgufValueType.String, spec.Name)
            .Set(GgufBuilder.AlignmentKey, GgufValueType.UInt32, (uint)builder.Alignment)
            .Set("general.file_type", GgufValueType.UInt32, spec.TensorType == TestTensorType.F16 ? MostlyF16 : AllF32);

        // Hyperparameters must be UInt32: llama.cpp rejects the same numbers stored as UInt64.
        builder
            .Set("llama.context_length", GgufValueType.UInt32, (uint)spec.ContextLength)
            .Set("llama.embedding_length", GgufValueType.UInt32, (uint)spec.Embedding)
            .Set("llama.block_count", GgufValueType.UInt32, (uint)spec.Layers)
            .Set("llama.feed_forward_length", GgufValueType.UInt32, (uint)spec.FeedForward)
            .Set("llama.attention.head_count", GgufValueType.UInt32, (uint)spec.Heads)
            .Set("llama.attention.head_count_kv", GgufValueType.UInt32, (uint)spec.EffectiveKvHeads)
            .Set("llama.rope.dimension_count", GgufValueType.UInt32, (uint)spec.HeadDimension)
            .Set("llama.rope.freq_base", GgufValueType.Float32, spec.RopeFreqBase)
            .Set("llama.attention.layer_norm_rms_epsilon", GgufValueType.Float32, spec.RmsEpsilon);

        builder
            .Set("tokenizer.ggml.model", GgufValueType.String, "llama")
            .SetArray("tokenizer.ggml.tokens", GgufValueType.String, vocabulary.Pieces)
            .SetArray("tokenizer.ggml.scores", GgufValueType.Float32, vocabulary.Scores)
            .SetArray("tokenizer.ggml.token_type", GgufValueType.Int32, vocabulary.TokenTypes)
            .Set("tokenizer.ggml.bos_token_id", GgufValueType.UInt32, (uint)TestVocabulary.BosId)
            .Set("tokenizer.ggml.eos_token_id", GgufValueType.UInt32, (uint)TestVocabulary.EosId)
            .Set("tokenizer.ggml.unknown_token_id", GgufValueType.UInt32, (uint)TestVocabulary.UnknownId)
            .Set("tokenizer.ggml.add_bos_token", GgufValueType.Bool, true)
            .Set("tokenizer.ggml.add_eos_token", GgufValueType.Bool, false);

        if (spec.ChatTemplate is not null)
        {
            builder.Set("tokenizer.chat_template", GgufValueType.String, spec.ChatTemplate);
        }
    }
}
