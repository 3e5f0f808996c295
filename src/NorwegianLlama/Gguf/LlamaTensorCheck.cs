using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Gguf;

/// <summary>
/// The tensors a llama model must have, with the shapes its hyperparameters imply. llama.cpp finds these
/// problems too, but names them after the fact (a missing head count reads as a wrong tensor shape); here
/// the message says which tensor and what it should be.
/// </summary>
internal static class LlamaTensorCheck
{
    private const uint F32 = 0;

    // I8, I16, I32, I64 and F64: storage types ggml has no matrix multiplication for.
    private static readonly HashSet<uint> NotComputable = [24, 25, 26, 27, 28];

    public static string? FindProblem(GgufFile file)
    {
        long embedding = file.FindInteger("llama.embedding_length")!.Value;
        long layers = file.FindInteger("llama.block_count")!.Value;
        long feedForward = file.FindInteger("llama.feed_forward_length")!.Value;
        long heads = file.FindInteger("llama.attention.head_count")!.Value;
        long kvWidth = embedding / heads * (file.FindInteger("llama.attention.head_count_kv") ?? heads);
        long vocabulary = file.Find("tokenizer.ggml.tokens")?.Array?.Count ?? 0;

        var tensors = file.Tensors.ToDictionary(t => t.Name, t => t.Dimensions);
        var expected = new List<(string Name, long[] Shape, bool Required)>
        {
            ("token_embd.weight", [embedding, vocabulary], true),
            ("output_norm.weight", [embedding], true),
            // Without its own output matrix the model reuses the token embedding.
            ("output.weight", [embedding, vocabulary], false),
        };
        for (long n = 0; n < layers; n++)
        {
            expected.Add(($"blk.{n}.attn_norm.weight", [embedding], true));
            expected.Add(($"blk.{n}.attn_q.weight", [embedding, embedding], true));
            expected.Add(($"blk.{n}.attn_k.weight", [embedding, kvWidth], true));
            expected.Add(($"blk.{n}.attn_v.weight", [embedding, kvWidth], true));
            expected.Add(($"blk.{n}.attn_output.weight", [embedding, embedding], true));
            expected.Add(($"blk.{n}.ffn_norm.weight", [embedding], true));
            expected.Add(($"blk.{n}.ffn_gate.weight", [embedding, feedForward], true));
            expected.Add(($"blk.{n}.ffn_up.weight", [embedding, feedForward], true));
            expected.Add(($"blk.{n}.ffn_down.weight", [feedForward, embedding], true));
        }

        foreach (var (name, shape, required) in expected)
        {
            if (!tensors.TryGetValue(name, out IReadOnlyList<long>? actual))
            {
                if (required)
                {
                    return ModelFileMessages.TensorMissing(name);
                }

                continue;
            }

            if (FindTypeProblem(name, file.Tensors.First(t => t.Name == name)) is { } typeProblem)
            {
                return typeProblem;
            }

            // Vocabulary-sized dimensions are only checked when the vocabulary is known.
            bool matches = actual.Count == shape.Length
                && shape.Zip(actual).All(pair => pair.First == pair.Second || (pair.First == 0 && vocabulary == 0));
            if (!matches)
            {
                return ModelFileMessages.TensorShapeMismatch(name, string.Join(", ", actual), string.Join(", ", shape));
            }
        }

        return null;
    }

    /// <summary>
    /// ggml's CPU kernels abort the process on types they cannot compute with: norm weights are multiplied
    /// element-wise and must be F32, and the matrices must be a float or quantised type, not integers.
    /// </summary>
    private static string? FindTypeProblem(string name, GgufTensorInfo tensor)
    {
        bool isNorm = name.EndsWith("_norm.weight", System.StringComparison.Ordinal);
        if (isNorm && tensor.TypeId != F32)
        {
            return ModelFileMessages.NormTensorNotF32(name, tensor.TypeName);
        }

        if (!isNorm && NotComputable.Contains(tensor.TypeId))
        {
            return ModelFileMessages.TensorTypeNotComputable(name, tensor.TypeName);
        }

        return null;
    }
}
