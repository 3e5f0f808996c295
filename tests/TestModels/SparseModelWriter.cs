using System;

namespace NorwegianLlama.TestModels;

/// <summary>
/// Writes sparse GGUF files with the exact layout of a llama.cpp Q4_K_M conversion of Llama-2 7B or 13B: the
/// real tensor names, shapes and type mix, the 32,000-token vocabulary and all-zero weights stored as holes.
/// A 7.87 GB 13B-shaped file takes a few megabytes of disk and seconds to write, and llama.cpp maps, repacks and
/// computes on it at full size, which makes it a stand-in for the real model's speed and memory, not its answers.
/// </summary>
public static class SparseModelWriter
{
    // llama.cpp's general.file_type for "mostly Q4_K, medium" and the k-quant format version it writes.
    private const uint MostlyQ4KMedium = 15;
    private const uint QuantizationVersion = 2;

    /// <param name="vocabulary">
    /// The real vocabulary, or null for the generator's synthetic one padded to 32,000 pieces (same size and
    /// per-token cost, but text tokenizes into other and more tokens than with Llama-2's own).
    /// </param>
    public static TestModelSummary Write(string path, Llama2Shape shape, LlamaVocabularyFile? vocabulary = null)
    {
        GgufBuilder builder = CreateBuilder(shape, vocabulary);
        return TestModelWriter.WriteAndSummarise(builder, path, Llama2Shape.VocabularySize);
    }

    public static GgufBuilder CreateBuilder(Llama2Shape shape, LlamaVocabularyFile? vocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        TestModelSpec spec = shape.ToSpec();
        spec.Validate();
        if (vocabulary is not null && vocabulary.Tokens.Count != Llama2Shape.VocabularySize)
        {
            throw new ArgumentException($"The vocabulary has {vocabulary.Tokens.Count} tokens; Llama-2 has {Llama2Shape.VocabularySize}.", nameof(vocabulary));
        }

        var builder = new GgufBuilder();
        LlamaMetadata.Add(builder, spec);
        builder
            .Set("general.file_type", GgufValueType.UInt32, MostlyQ4KMedium)
            .Set("general.quantization_version", GgufValueType.UInt32, QuantizationVersion);
        if (vocabulary is not null)
        {
            // Replacing keeps each key's place, so the file differs from the synthetic one only in these values.
            builder
                .SetArray("tokenizer.ggml.tokens", GgufValueType.String, (string[])[.. vocabulary.Tokens])
                .SetArray("tokenizer.ggml.scores", GgufValueType.Float32, (float[])[.. vocabulary.Scores])
                .SetArray("tokenizer.ggml.token_type", GgufValueType.Int32, (int[])[.. vocabulary.Types]);
        }

        Q4KMediumTensors.Add(builder, shape);
        return builder;
    }
}
