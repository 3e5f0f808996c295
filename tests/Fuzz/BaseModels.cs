using System;
using NorwegianLlama.TestModels;

namespace NorwegianLlama.Fuzz;

/// <summary>
/// The well-formed models every mutation starts from: a one-layer F32 model and a two-layer F16 one with
/// grouped-query attention and a tied output, so mutations meet both tensor types and both output layouts.
/// </summary>
public static class BaseModels
{
    private static readonly TestModelSpec[] Specs =
    [
        new() { Name = "fuzz-f32", Layers = 1, Embedding = 32, Heads = 2, FeedForward = 64, Seed = 7 },
        new() { Name = "fuzz-f16", Layers = 2, Embedding = 64, Heads = 4, KvHeads = 2, FeedForward = 96, TensorType = TestTensorType.F16, TiedOutput = true, Seed = 8 },
    ];

    private static readonly Lazy<(byte[] Bytes, GgufLayout Layout)>[] Built = Array.ConvertAll(
        Specs,
        spec => new Lazy<(byte[], GgufLayout)>(() =>
        {
            byte[] bytes = TestModelWriter.CreateBuilder(spec).ToArray();
            return (bytes, GgufLayout.Parse(bytes));
        }));

    public static int Count => Specs.Length;

    public static TestModelSpec Spec(int which) => Specs[which];

    /// <summary>A fresh builder, for mutations that change keys or tensors before writing.</summary>
    public static GgufBuilder Builder(int which) => TestModelWriter.CreateBuilder(Specs[which]);

    /// <summary>A copy of the written file, for mutations of its bytes.</summary>
    public static byte[] Bytes(int which) => (byte[])Built[which].Value.Bytes.Clone();

    public static GgufLayout Layout(int which) => Built[which].Value.Layout;

    /// <summary>The built-in vocabulary's size: every base model uses it unpadded.</summary>
    public static int VocabularySize => TestModelWriter.Vocabulary.Count;
}
