using System;

namespace NorwegianLlama.TestModels;

/// <summary>
/// The hyperparameters of a real Llama-2 size, for <see cref="SparseModelWriter"/>: files with the exact tensor
/// layout of a llama.cpp conversion, so llama.cpp does the real amount of work on them.
/// </summary>
public sealed class Llama2Shape
{
    /// <summary>Llama-2-7B: 32 layers, embedding 4096, feed-forward 11008, 32 heads (291 tensors, 6.74 B parameters).</summary>
    public static Llama2Shape Size7B { get; } = new() { Name = "Llama-2-7b-shape", Layers = 32, Embedding = 4096, FeedForward = 11008, Heads = 32 };

    /// <summary>Llama-2-13B: 40 layers, embedding 5120, feed-forward 13824, 40 heads (363 tensors, 13.0 B parameters).</summary>
    public static Llama2Shape Size13B { get; } = new() { Name = "Llama-2-13b-shape", Layers = 40, Embedding = 5120, FeedForward = 13824, Heads = 40 };

    public string Name { get; init; } = "";

    public int Layers { get; init; }

    public int Embedding { get; init; }

    public int FeedForward { get; init; }

    public int Heads { get; init; }

    /// <summary>Llama-2's trained context; the vocabulary is always its 32,000 tokens.</summary>
    public int ContextLength { get; init; } = 4096;

    public const int VocabularySize = 32000;

    /// <summary>"7B" or "13B" (case-insensitive), as the benchmark's -Size names them.</summary>
    public static Llama2Shape FromName(string size) => size?.ToUpperInvariant() switch
    {
        "7B" => Size7B,
        "13B" => Size13B,
        _ => throw new ArgumentException($"Unknown Llama-2 size '{size}'; use 7B or 13B.", nameof(size)),
    };

    /// <summary>The same numbers as a generator spec, which checks them and drives the shared metadata writer.</summary>
    internal TestModelSpec ToSpec() => new()
    {
        Name = Name,
        Layers = Layers,
        Embedding = Embedding,
        FeedForward = FeedForward,
        Heads = Heads,
        ContextLength = ContextLength,
        VocabularySize = VocabularySize,
    };
}
