using System.Collections.Generic;
using System.Linq;

namespace NorwegianLlama.Gguf;

/// <summary>
/// The tensors a llama model must have, with the shapes its hyperparameters imply. llama.cpp finds these
/// problems too, but names them after the fact (a missing head count reads as a wrong tensor shape); here
/// the message says which tensor and what it should be.
/// </summary>
internal static class LlamaTensorCheck
{
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
                    return $"The model lacks the tensor {name}";
                }

                continue;
            }

            // Vocabulary-sized dimensions are only checked when the vocabulary is known.
            bool matches = actual.Count == shape.Length
                && shape.Zip(actual).All(pair => pair.First == pair.Second || (pair.First == 0 && vocabulary == 0));
            if (!matches)
            {
                return $"The tensor {name} has shape [{string.Join(", ", actual)}] but the model's settings need [{string.Join(", ", shape)}]";
            }
        }

        return null;
    }
}
