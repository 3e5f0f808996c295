using System;
using System.IO;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

/// <summary>Tokenizers from the model cache: a loaded model's own, or a file's vocabulary read once per file version.</summary>
[Collection(ModelCacheCollection.Name)]
public sealed class TokenizerCacheTests : ModelCacheTest
{
    private static readonly RenderedPrompt Hei = Llama2ChatTemplate.Render([new ChatMessage(ChatRole.User, "Hei")]);

    [Fact]
    public void ASecondCallReusesTheVocabularyReadByTheFirst()
    {
        string path = Models.Write(new TestModelSpec()).Path;
        using TokenizerLease first = ModelCache.AcquireTokenizer(path);
        using TokenizerLease second = ModelCache.AcquireTokenizer(path);

        Assert.True(first.LoadedNow);
        Assert.False(second.LoadedNow);
        Assert.Same(first.Handle, second.Handle);
        Assert.Equal(path, second.Path);
        Assert.Equal(1, VocabularyCache.Count);
        Assert.Empty(ModelCache.Snapshot());
        Assert.Equal(PromptTokenizer.Tokenize(first.Handle, Hei), PromptTokenizer.Tokenize(second.Handle, Hei));
    }

    [Fact]
    public void AChangedFileIsReadAgain()
    {
        string path = Models.Write(new TestModelSpec()).Path;
        ModelCache.AcquireTokenizer(path).Dispose();
        TestModelWriter.Write(path, new TestModelSpec { Seed = 2 });
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        using TokenizerLease again = ModelCache.AcquireTokenizer(path);
        Assert.True(again.LoadedNow);
        Assert.Equal(1, VocabularyCache.Count);
    }

    [Fact]
    public async System.Threading.Tasks.Task ALoadedModelLendsItsOwnTokenizer()
    {
        string path = Models.Write(new TestModelSpec()).Path;
        using ModelLease model = await ModelCache.AcquireAsync(path, GgufReader.Read(path), LoraSet.None, null, null, default);

        using TokenizerLease tokenizer = ModelCache.AcquireTokenizer(path);
        Assert.False(tokenizer.LoadedNow);
        Assert.Same(model.Model.Weights.NativeHandle, tokenizer.Handle);
        Assert.Equal(0, VocabularyCache.Count);
        Assert.Equal(2, model.Model.ActiveLeases);
        tokenizer.Dispose();
        Assert.Equal(1, model.Model.ActiveLeases);
    }

    [Fact]
    public void AVocabularyInUseOutlivesClearingTheCache()
    {
        string path = Models.Write(new TestModelSpec()).Path;
        using TokenizerLease held = ModelCache.AcquireTokenizer(path);
        int[] before = PromptTokenizer.Tokenize(held.Handle, Hei);

        ModelCache.Clear();
        Assert.Equal(0, VocabularyCache.Count);
        Assert.Equal(before, PromptTokenizer.Tokenize(held.Handle, Hei));
        Assert.False(held.Handle.IsClosed);

        held.Dispose();
        Assert.True(held.Handle.IsClosed);
        using TokenizerLease fresh = ModelCache.AcquireTokenizer(path);
        Assert.True(fresh.LoadedNow);
    }

    [Fact]
    public void TheLeastRecentlyUsedVocabularyGoesBeyondEightFiles()
    {
        string[] paths = new string[9];
        for (int i = 0; i < paths.Length; i++)
        {
            paths[i] = Models.Write(new TestModelSpec(), $"model{i}.gguf").Path;
            ModelCache.AcquireTokenizer(paths[i]).Dispose();
        }

        Assert.Equal(8, VocabularyCache.Count);
        using (TokenizerLease newest = ModelCache.AcquireTokenizer(paths[^1]))
        {
            Assert.False(newest.LoadedNow);
        }

        using TokenizerLease oldest = ModelCache.AcquireTokenizer(paths[0]);
        Assert.True(oldest.LoadedNow);
    }
}
