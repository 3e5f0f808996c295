using System;
using System.Linq;
using System.Threading.Tasks;
using LLama.Native;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

/// <summary>
/// A generated model samples its byte-fallback tokens freely, so without the guard its answers are full of
/// broken characters. With it, every answer is valid UTF-8.
/// </summary>
[Collection(ModelCacheCollection.Name)]
public sealed class Utf8GuardTests : IDisposable
{
    private readonly GeneratedModels models = new();

    [Fact]
    public async Task AnswersOfARandomModelAreValidUtf8()
    {
        if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
        {
            NativeLibraryConfig.All.WithLogCallback((_, _) => { });
        }

        string path = models.Write(new TestModelSpec { ContextLength = 512, Seed = 9 }).Path;
        using ModelLease lease = await ModelCache.AcquireAsync(path, GgufReader.Read(path), LoraSet.None, null, null, default);
        Assert.Equal(256 - 128, lease.Model.ByteTokens.Ids.Length);

        int bytesSampled = 0;
        foreach (uint seed in Enumerable.Range(1, 12).Select(s => (uint)s))
        {
            var options = new GenerationOptions(120, new SamplingOptions(1.5f, 1.0f, 0, 0, 1, seed), [], 512, 1);
            GenerationResult result = TextGenerator.Generate(lease.Model, [[1, 300, 301]], options, (_, _) => { }, default)[0];
            Assert.False(result.Text.Contains('\uFFFD'), $"seed {seed}: {string.Join(" ", result.Text.Select(c => ((int)c).ToString("X4")))}");
            bytesSampled += result.Text.Count(c => c > 0x7F);
        }

        // The guard must not work by never letting byte tokens through at all.
        Assert.True(bytesSampled > 0, "no non-ASCII character was generated");
    }

    public void Dispose()
    {
        ModelCache.Clear();
        models.Dispose();
    }
}
