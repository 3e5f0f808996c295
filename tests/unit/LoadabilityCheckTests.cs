using System;
using NorwegianLlama.Gguf;
using NorwegianLlama.TestModels;
using Xunit;
using WriterType = NorwegianLlama.TestModels.GgufValueType;

namespace NorwegianLlama.Tests;

public sealed class LoadabilityCheckTests : IDisposable
{
    private readonly GeneratedModels models = new();

    public void Dispose() => models.Dispose();

    [Fact]
    public void AGeneratedModelIsLoadable()
    {
        var (path, _) = models.Write(new TestModelSpec());
        Assert.Null(LoadabilityCheck.FindProblem(GgufReader.Read(path)));
    }

    [Theory]
    [InlineData("general.architecture", "no general.architecture")]
    [InlineData("llama.attention.head_count", "llama.attention.head_count")]
    [InlineData("tokenizer.ggml.model", "no tokenizer")]
    public void NamesAMissingKey(string key, string expected)
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        builder.Remove(key);
        string path = models.WriteBytes(builder.ToArray(), "missing.gguf");

        Assert.Contains(expected, LoadabilityCheck.FindProblem(GgufReader.Read(path)));
    }

    [Fact]
    public void RefusesSixtyFourBitHyperparameters()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        builder.Set("llama.block_count", WriterType.UInt64, 2UL);
        string path = models.WriteBytes(builder.ToArray(), "u64.gguf");

        Assert.Contains("32-bit", LoadabilityCheck.FindProblem(GgufReader.Read(path)));
    }

    [Fact]
    public void RefusesHeadCountsThatDoNotDivide()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec { Heads = 4 });
        builder.Set("llama.attention.head_count_kv", WriterType.UInt32, 3u);
        string path = models.WriteBytes(builder.ToArray(), "kv.gguf");

        Assert.Contains("does not divide", LoadabilityCheck.FindProblem(GgufReader.Read(path)));
    }
}
