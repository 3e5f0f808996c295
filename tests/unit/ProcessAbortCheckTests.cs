using System;
using NorwegianLlama.Gguf;
using NorwegianLlama.TestModels;
using Xunit;
using WriterType = NorwegianLlama.TestModels.GgufValueType;

namespace NorwegianLlama.Tests;

/// <summary>Files the fuzzer found that made llama.cpp abort the process; each must be refused first.</summary>
public sealed class ProcessAbortCheckTests : IDisposable
{
    private readonly GeneratedModels models = new();

    public void Dispose() => models.Dispose();

    [Theory]
    [InlineData("llama.expert_count")]
    [InlineData("llama.expert_used_count")]
    public void RefusesExpertCounts(string key)
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        builder.Set(key, WriterType.UInt32, 2u);
        Assert.Contains("mixture-of-experts", Problem(builder, "experts.gguf"));
    }

    [Fact]
    public void RefusesTensorDataOffTheThirtyTwoByteGrid()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        builder.Set("general.alignment", WriterType.UInt32, 8u);
        Assert.Contains("not a multiple of 32", Problem(builder, "aligned8.gguf"));
    }

    [Theory]
    [InlineData("blk.0.ffn_norm.weight", 2u, 32 / 32 * 18, "needs F32")]
    [InlineData("blk.0.ffn_gate.weight", 24u, 64 * 128, "cannot multiply")]
    [InlineData("blk.0.attn_q.weight", 26u, 64 * 64 * 4, "cannot multiply")]
    public void RefusesTensorTypesTheKernelsAbortOn(string name, uint ggmlType, int bytes, string expected)
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        long[] shape = name.EndsWith("norm.weight", StringComparison.Ordinal) ? [64] : name.Contains("ffn_gate") ? [64, 128] : [64, 64];
        builder.RemoveTensor(name);
        builder.AddTensor(name, shape, ggmlType, new byte[ggmlType == 2u ? 64 / 32 * 18 : bytes]);
        Assert.Contains(expected, Problem(builder, "types.gguf"));
    }

    [Fact]
    public void RefusesADuplicatedPiece()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        string[] pieces = [.. TestModelWriter.Vocabulary];
        pieces[300] = "<s>";
        builder.SetArray("tokenizer.ggml.tokens", WriterType.String, pieces);
        Assert.Contains("twice (ids 1 and 300)", Problem(builder, "duplicate.gguf"));
    }

    [Fact]
    public void RefusesAPieceThatANulCutsToAnother()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        string[] pieces = [.. TestModelWriter.Vocabulary];
        pieces[300] = "<s>\0tail";
        builder.SetArray("tokenizer.ggml.tokens", WriterType.String, pieces);
        Assert.Contains("twice (ids 1 and 300)", Problem(builder, "nul.gguf"));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(-1f)]
    [InlineData(float.PositiveInfinity)]
    public void RefusesAnRmsEpsilonTheNormAssertsOn(float epsilon)
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        builder.Set("llama.attention.layer_norm_rms_epsilon", WriterType.Float32, epsilon);
        Assert.Contains("layer_norm_rms_epsilon", Problem(builder, "epsilon.gguf"));
    }

    private string? Problem(GgufBuilder builder, string name)
    {
        string path = models.WriteBytes(builder.ToArray(), name);
        return LoadabilityCheck.FindProblem(path, GgufReader.Read(path));
    }
}
