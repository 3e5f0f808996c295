using System;
using System.Linq;
using NorwegianLlama.Gguf;
using NorwegianLlama.TestModels;
using Xunit;
using WriterType = NorwegianLlama.TestModels.GgufValueType;

namespace NorwegianLlama.Tests;

public sealed class VocabularyCheckTests : IDisposable
{
    private readonly GeneratedModels models = new();

    public void Dispose() => models.Dispose();

    [Fact]
    public void AcceptsAVocabularyWithAllByteTokens()
    {
        var (path, _) = models.Write(new TestModelSpec());
        Assert.Null(VocabularyCheck.FindProblem(path, GgufReader.Read(path)));
        Assert.Null(LoadabilityCheck.FindProblem(path, GgufReader.Read(path)));
    }

    [Fact]
    public void RefusesAVocabularyMissingAByteToken()
    {
        var pieces = TestModelWriter.Vocabulary.ToList();
        int byteA = pieces.IndexOf("<0x41>");
        pieces[byteA] = "<0x41>?";
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        builder.SetArray("tokenizer.ggml.tokens", WriterType.String, pieces);
        string path = models.WriteBytes(builder.ToArray(), "no-byte-a.gguf");

        string? problem = LoadabilityCheck.FindProblem(path, GgufReader.Read(path));

        Assert.NotNull(problem);
        Assert.Contains("1 of the 256 byte tokens", problem);
        Assert.Contains("<0x41>", problem);
    }

    [Fact]
    public void ReadsLongStringArraysBackInFull()
    {
        var (path, _) = models.Write(new TestModelSpec());
        GgufArray tokens = GgufReader.Read(path).Find("tokenizer.ggml.tokens")!.Array!;

        Assert.Equal(TestModelWriter.Vocabulary, GgufReader.ReadStringArray(path, tokens).ToList());
    }

    [Fact]
    public void LeavesOtherTokenizersAlone()
    {
        var builder = TestModelWriter.CreateBuilder(new TestModelSpec());
        builder.Set("tokenizer.ggml.model", WriterType.String, "gpt2");
        string path = models.WriteBytes(builder.ToArray(), "gpt2.gguf");

        Assert.Null(VocabularyCheck.FindProblem(path, GgufReader.Read(path)));
    }
}
