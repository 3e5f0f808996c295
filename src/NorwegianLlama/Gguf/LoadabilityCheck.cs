using NorwegianLlama.Resources;

namespace NorwegianLlama.Gguf;

/// <summary>
/// Problems llama.cpp reports badly or not at all: a missing head count surfaces as a misleading tensor
/// shape error, u64 hyperparameters are refused, and an SPM vocabulary without byte tokens aborts the process
/// on the first unknown character.
/// </summary>
internal static class LoadabilityCheck
{
    private static readonly string[] RequiredLlamaHyperparameters =
    {
        "context_length", "embedding_length", "block_count", "feed_forward_length", "attention.head_count",
    };

    // ggml's TENSOR_ALIGNMENT: a mapped tensor whose data starts elsewhere aborts the process
    // (GGML_ASSERT "buffer pointer must be aligned"), whatever general.alignment says.
    private const int TensorAlignment = 32;

    /// <summary>Every check, including the vocabulary, which needs the file again for long token lists.</summary>
    public static string? FindProblem(string path, GgufFile file) =>
        FindProblem(file) ?? VocabularyCheck.FindProblem(path, file);

    /// <summary>Returns why llama.cpp should not be given this file, or null when it looks loadable.</summary>
    public static string? FindProblem(GgufFile file)
    {
        string? architecture = file.FindString("general.architecture");
        if (string.IsNullOrEmpty(architecture))
        {
            return ModelFileMessages.NoArchitecture();
        }

        if (file.Tensors.Count == 0)
        {
            return ModelFileMessages.NoTensors();
        }

        foreach (GgufTensorInfo tensor in file.Tensors)
        {
            if ((file.DataOffset + tensor.Offset) % TensorAlignment != 0)
            {
                return ModelFileMessages.TensorMisaligned(tensor.Name, file.DataOffset + tensor.Offset, TensorAlignment, file.Alignment);
            }
        }

        if (architecture == "llama")
        {
            foreach (string name in RequiredLlamaHyperparameters)
            {
                string key = $"llama.{name}";
                GgufValue? value = file.Find(key);
                if (value is null)
                {
                    return ModelFileMessages.RequiredKeyMissing(key);
                }

                if (value.Type is not (GgufValueType.UInt32 or GgufValueType.Int32))
                {
                    return ModelFileMessages.KeyNotInteger(key, value.Type.ToString());
                }

                if (value.AsInteger() is not > 0)
                {
                    return ModelFileMessages.KeyNotPositive(key, value.Scalar);
                }
            }

            // Every layer has nine tensors: a larger count is a lie, and checking each layer would take forever.
            long layers = file.FindInteger("llama.block_count")!.Value;
            if (layers * 9 > file.Tensors.Count)
            {
                return ModelFileMessages.TooFewTensorsForLayers(layers, file.Tensors.Count);
            }

            long embedding = file.FindInteger("llama.embedding_length")!.Value;
            long heads = file.FindInteger("llama.attention.head_count")!.Value;
            if (embedding % heads != 0)
            {
                return ModelFileMessages.EmbeddingNotMultipleOfHeads(embedding, heads);
            }

            long kvHeads = file.FindInteger("llama.attention.head_count_kv") ?? heads;
            if (kvHeads <= 0 || heads % kvHeads != 0)
            {
                return ModelFileMessages.KvHeadsDoNotDivideHeads(kvHeads, heads);
            }

            // ggml asserts eps >= 0 in every RMS norm, so NaN or a negative epsilon aborts the first answer.
            if (file.Find("llama.attention.layer_norm_rms_epsilon") is { } epsilon
                && (epsilon.Scalar is not float eps || !float.IsFinite(eps) || eps < 0))
            {
                return ModelFileMessages.EpsilonInvalid(epsilon.Scalar);
            }

            // llama.cpp asserts on a mixture-of-experts count without its companion (and Llama-2 has none).
            foreach (string key in new[] { "llama.expert_count", "llama.expert_used_count" })
            {
                if (file.Find(key) is { } experts && experts.AsInteger() is not 0)
                {
                    return ModelFileMessages.MixtureOfExperts(key, experts.Scalar);
                }
            }
        }

        if (file.FindString("tokenizer.ggml.model") is null)
        {
            return ModelFileMessages.NoTokenizer();
        }

        return FindVocabularyTableProblem(file) ?? (architecture == "llama" ? LlamaTensorCheck.FindProblem(file) : null);
    }

    /// <summary>
    /// The per-token tables must be as long as the token list and special ids must name a token: llama.cpp
    /// indexes them without checking.
    /// </summary>
    private static string? FindVocabularyTableProblem(GgufFile file)
    {
        if (file.Find("tokenizer.ggml.tokens")?.Array is not { } tokens)
        {
            return null;
        }

        foreach (string table in new[] { "tokenizer.ggml.scores", "tokenizer.ggml.token_type" })
        {
            if (file.Find(table)?.Array is { } values && values.Count != tokens.Count)
            {
                return ModelFileMessages.TokenTableLength(table, values.Count, tokens.Count);
            }
        }

        foreach (string special in new[] { "bos", "eos", "unknown", "padding", "seperator", "separator" })
        {
            string key = $"tokenizer.ggml.{special}_token_id";
            if (file.FindInteger(key) is long id && id != -1 && id != uint.MaxValue && (id < 0 || id >= tokens.Count))
            {
                return ModelFileMessages.SpecialTokenOutOfRange(key, id, tokens.Count);
            }
        }

        return null;
    }
}
