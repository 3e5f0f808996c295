using System.IO;
using System.Linq;
using NorwegianLlama.Gguf;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests;

/// <summary>The real-scale benchmark files: the layout of llama.cpp's Q4_K_M conversions of Llama-2, read back by our own reader.</summary>
public sealed class SparseModelWriterTests : System.IDisposable
{
    private readonly GeneratedModels models = new();

    public void Dispose() => models.Dispose();

    [Theory]
    [InlineData("7B", 291, 6_738_415_616L, 4.08)]
    [InlineData("13B", 363, 13_015_864_320L, 7.87)]
    public void WritesTheTensorLayoutOfALlamaCppQ4KMediumConversion(string size, int tensors, long parameters, double gigabytes)
    {
        Llama2Shape shape = Llama2Shape.FromName(size);
        string path = models.PathFor($"sparse-{size}.gguf");

        TestModelSummary summary = SparseModelWriter.Write(path, shape);
        GgufFile file = GgufReader.Read(path);

        // The published Q4_K_M files' sizes; the header (vocabulary, metadata) makes the last few kilobytes differ.
        Assert.Equal(gigabytes, System.Math.Round(new FileInfo(path).Length / 1e9, 2));
        Assert.Equal(file.FileSize - file.DataOffset, file.Tensors.Sum(tensor => tensor.ByteSize!.Value + (32 - tensor.ByteSize!.Value % 32) % 32));
        Assert.Equal(tensors, file.Tensors.Count);
        Assert.Equal(parameters, file.Tensors.Sum(tensor => tensor.ElementCount));
        Assert.Equal(summary.ParameterCount, parameters);
        Assert.Equal(15L, file.FindInteger("general.file_type"));
        Assert.Equal(32000L, file.Find("tokenizer.ggml.tokens")!.Array!.Count);
        Assert.Equal("Q4_K", TypeOf(file, "token_embd.weight"));
        Assert.Equal("Q6_K", TypeOf(file, "output.weight"));
        Assert.Equal("F32", TypeOf(file, "output_norm.weight"));

        // llama.cpp's use_more_bits picks the first and last eighth and every third layer between: 16 of 32, 20 of 40.
        int[] moreBits = Enumerable.Range(0, shape.Layers)
            .Where(layer => TypeOf(file, $"blk.{layer}.attn_v.weight") == "Q6_K").ToArray();
        Assert.Equal(moreBits, Enumerable.Range(0, shape.Layers).Where(layer => TypeOf(file, $"blk.{layer}.ffn_down.weight") == "Q6_K"));
        Assert.Equal(shape.Layers / 2, moreBits.Length);
        Assert.Contains(0, moreBits);
        Assert.Contains(shape.Layers - 1, moreBits);
        Assert.All(Enumerable.Range(0, shape.Layers), layer =>
        {
            Assert.Equal("Q4_K", TypeOf(file, $"blk.{layer}.attn_q.weight"));
            Assert.Equal("Q4_K", TypeOf(file, $"blk.{layer}.ffn_up.weight"));
        });
    }

    private static string TypeOf(GgufFile file, string tensor) => file.Tensors.Single(t => t.Name == tensor).TypeName;
}
