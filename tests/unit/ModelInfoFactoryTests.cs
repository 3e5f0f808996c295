using System;
using System.Linq;
using NorwegianLlama.Gguf;
using NorwegianLlama.TestModels;
using Xunit;
using WriterType = NorwegianLlama.TestModels.GgufValueType;

namespace NorwegianLlama.Tests;

public sealed class ModelInfoFactoryTests : IDisposable
{
    private readonly GeneratedModels models = new();

    public void Dispose() => models.Dispose();

    public static TheoryData<int, int, int, int, int, int, TestTensorType> Shapes => new()
    {
        { 2, 64, 4, 4, 128, 256, TestTensorType.F32 },
        { 3, 128, 8, 2, 256, 512, TestTensorType.F16 },   // grouped-query attention, F16
        { 1, 32, 2, 1, 96, 128, TestTensorType.F32 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ReportsTheShapeTheModelWasGeneratedWith(int layers, int embedding, int heads, int kvHeads, int ff, int context, TestTensorType type)
    {
        var spec = new TestModelSpec
        {
            Name = "shape-test",
            Layers = layers,
            Embedding = embedding,
            Heads = heads,
            KvHeads = kvHeads,
            FeedForward = ff,
            ContextLength = context,
            TensorType = type,
        };
        var (path, summary) = models.Write(spec);

        NorskModelInfo info = ModelInfoFactory.Create(GgufReader.Read(path), path, isLoaded: false);

        Assert.Equal("shape-test", info.Name);
        Assert.Equal(path, info.Path);
        Assert.Equal(summary.SizeBytes, info.SizeBytes);
        Assert.Equal("llama", info.Architecture);
        Assert.Equal(type.ToString(), info.FileType);
        Assert.Equal(context, info.ContextLength);
        Assert.Equal(embedding, info.EmbeddingLength);
        Assert.Equal(layers, info.BlockCount);
        Assert.Equal(ff, info.FeedForwardLength);
        Assert.Equal(heads, info.HeadCount);
        Assert.Equal(kvHeads, info.HeadCountKv);
        Assert.Equal(summary.VocabularySize, info.VocabularySize);
        Assert.Equal("llama", info.TokenizerModel);
        Assert.Equal(summary.BosTokenId, info.BosTokenId);
        Assert.Equal(summary.EosTokenId, info.EosTokenId);
        Assert.Equal(3u, info.GgufVersion);
        Assert.Equal(summary.TensorCount, info.TensorCount);
        Assert.Equal(summary.KvCount, info.Metadata.Count);
        Assert.False(info.IsLoaded);
    }

    [Fact]
    public void ParameterCountIsTheSumOfTensorElements()
    {
        var spec = new TestModelSpec { Layers = 2, Embedding = 64, Heads = 4, KvHeads = 2, FeedForward = 160 };
        var (path, summary) = models.Write(spec);
        GgufFile file = GgufReader.Read(path);

        NorskModelInfo info = ModelInfoFactory.Create(file, path, isLoaded: false);

        long expected = file.Tensors.Sum(t => t.Dimensions.Aggregate(1L, (a, b) => a * b));
        Assert.Equal(expected, info.ParameterCount);
        Assert.Equal(summary.ParameterCount, info.ParameterCount);
    }

    [Fact]
    public void SummarisesLongArraysInMetadata()
    {
        var (path, _) = models.Write(new TestModelSpec());
        NorskModelInfo info = ModelInfoFactory.Create(GgufReader.Read(path), path, isLoaded: false);

        Assert.Equal($"[{TestModelWriter.Vocabulary.Count} × String]", info.Metadata["tokenizer.ggml.tokens"]);
        Assert.Equal("llama", info.Metadata["general.architecture"]);
        Assert.Equal(64u, info.Metadata["llama.embedding_length"]);
    }

    [Fact]
    public void InfersTheFileTypeFromTensorsWhenTheKeyIsMissing()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec { TensorType = TestTensorType.F16 });
        builder.Remove("general.file_type");
        string path = models.WriteBytes(builder.ToArray(), "no-file-type.gguf");

        Assert.Equal("F16", ModelInfoFactory.Create(GgufReader.Read(path), path, false).FileType);
    }

    [Fact]
    public void NamesQuantisedFileTypesAsInFileNames()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        builder.Set("general.file_type", WriterType.UInt32, 15u);
        string path = models.WriteBytes(builder.ToArray(), "q4km.gguf");

        Assert.Equal("Q4_K_M", ModelInfoFactory.Create(GgufReader.Read(path), path, false).FileType);
    }

    [Fact]
    public void FallsBackToTheFileNameAndHeadCount()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec { Heads = 4 });
        builder.Remove("general.name");
        builder.Remove("llama.attention.head_count_kv");
        string path = models.WriteBytes(builder.ToArray(), "unnamed-model.gguf");

        NorskModelInfo info = ModelInfoFactory.Create(GgufReader.Read(path), path, false);
        Assert.Equal("unnamed-model", info.Name);
        Assert.Equal(4, info.HeadCountKv);
    }

    [Fact]
    public void ExposesTheChatTemplate()
    {
        var (path, _) = models.Write(new TestModelSpec { ChatTemplate = "{{ bos_token }}[INST]" });
        Assert.Equal("{{ bos_token }}[INST]", ModelInfoFactory.Create(GgufReader.Read(path), path, false).ChatTemplate);
    }
}
