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

public sealed class ModelConsistencyTests : IDisposable
{
    private readonly GeneratedModels models = new();

    public void Dispose() => models.Dispose();

    [Theory]
    [InlineData(false, TestTensorType.F32, 0)]
    [InlineData(true, TestTensorType.F16, 2)]
    public void GeneratedModelsAreConsistent(bool tied, TestTensorType type, int kvHeads)
    {
        var (path, _) = models.Write(new TestModelSpec { TiedOutput = tied, TensorType = type, KvHeads = kvHeads });
        Assert.Null(LoadabilityCheck.FindProblem(path, GgufReader.Read(path)));
    }

    [Fact]
    public void NamesAMissingLayerTensor()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec { Layers = 2 });
        builder.RemoveTensor("blk.1.ffn_down.weight");
        string path = models.WriteBytes(builder.ToArray(), "missing-tensor.gguf");

        Assert.Equal("The model lacks the tensor blk.1.ffn_down.weight", LoadabilityCheck.FindProblem(path, GgufReader.Read(path)));
    }

    [Fact]
    public void NamesATensorWhoseShapeDoesNotFitTheSettings()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec { FeedForward = 128 });
        builder.Set("llama.feed_forward_length", WriterType.UInt32, 96u);
        string path = models.WriteBytes(builder.ToArray(), "shape.gguf");

        Assert.Contains("blk.0.ffn_gate.weight has shape [64, 128] but the model's settings need [64, 96]", LoadabilityCheck.FindProblem(path, GgufReader.Read(path)));
    }

    [Theory]
    [InlineData("tokenizer.ggml.bos_token_id")]
    [InlineData("tokenizer.ggml.eos_token_id")]
    [InlineData("tokenizer.ggml.unknown_token_id")]
    public void RefusesSpecialTokenIdsOutsideTheVocabulary(string key)
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        builder.Set(key, WriterType.UInt32, 100_000u);
        string path = models.WriteBytes(builder.ToArray(), "special.gguf");

        Assert.Contains($"{key} is 100000", LoadabilityCheck.FindProblem(path, GgufReader.Read(path)));
    }

    [Fact]
    public void RefusesPerTokenTablesOfTheWrongLength()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        builder.SetArray("tokenizer.ggml.scores", WriterType.Float32, new float[10]);
        string path = models.WriteBytes(builder.ToArray(), "scores.gguf");

        Assert.Contains("tokenizer.ggml.scores has 10 entries", LoadabilityCheck.FindProblem(path, GgufReader.Read(path)));
    }
}
