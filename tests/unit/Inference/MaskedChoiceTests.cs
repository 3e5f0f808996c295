using System;
using System.Threading.Tasks;
using LLama.Native;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

/// <summary>
/// The sampler's choice is held to the tokens the grammar and UTF-8 masks left open, also when NaN logits
/// make it choose anything (the fuzzer found an adapter at a huge scale ending the process through llama.cpp's
/// grammar: "Unexpected empty grammar stack after accepting piece").
/// </summary>
[Collection(ModelCacheCollection.Name)]
public sealed class MaskedChoiceTests : IDisposable
{
    private static readonly float Closed = float.NegativeInfinity;

    private readonly GeneratedModels models = new();

    [Fact]
    public void KeepsAnOpenSample() =>
        Assert.Equal(2, MaskedChoice.Keep([1f, Closed, 0.5f], 2));

    [Fact]
    public void KeepsAnOpenNaNSample() =>
        Assert.Equal(0, MaskedChoice.Keep([float.NaN, Closed], 0));

    [Fact]
    public void ReplacesAClosedSampleWithTheBestOpenToken() =>
        Assert.Equal(3, MaskedChoice.Keep([Closed, 0.5f, float.NaN, 2f, Closed], 4));

    [Fact]
    public void PrefersNumbersToNaN() =>
        Assert.Equal(2, MaskedChoice.Keep([float.NaN, Closed, -1e30f, float.NaN], 1));

    [Fact]
    public void TakesTheFirstOpenTokenWhenAllAreNaN() =>
        Assert.Equal(1, MaskedChoice.Keep([Closed, float.NaN, float.NaN], 0));

    [Fact]
    public void ReplacesASampleOutsideTheLogits() =>
        Assert.Equal(0, MaskedChoice.Keep([float.PositiveInfinity, 1f], 7));

    [Fact]
    public void SaysWhenNothingIsOpen() =>
        Assert.Equal(-1, MaskedChoice.Keep([Closed, Closed], 1));

    [Fact]
    public async Task AGrammarHoldsWhenAnAdapterAtAHugeScaleMakesTheLogitsNaN()
    {
        if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
        {
            NativeLibraryConfig.All.WithLogCallback((_, _) => { });
        }

        var spec = new TestModelSpec { ContextLength = 256, Seed = 12 };
        string path = models.Write(spec).Path;
        string adapter = models.PathFor("huge.lora.gguf");
        TestAdapterWriter.Write(adapter, spec, new TestAdapterSpec { Targets = ["attn_q", "ffn_down", "output"] });
        var loras = new LoraSet([new LoraSetting(adapter, float.MaxValue)]);
        using ModelLease lease = await ModelCache.AcquireAsync(path, GgufReader.Read(path), loras, null, null, default);

        foreach (uint seed in new uint[] { 1, 2, 3, 4, 5, 6 })
        {
            var options = new GenerationOptions(8, new SamplingOptions(0.8f, 0.95f, 40, 0.05f, 1.1f, seed), [], 256, 1, Grammar: "root ::= \"ja\" | \"nei\"");
            GenerationResult result = TextGenerator.Generate(lease.Model, [[1, 300, 301, 302]], options, (_, _) => { }, default)[0];
            Assert.Contains(result.Text, new[] { "ja", "nei" });
            Assert.Equal(NorskStopReason.EndOfSequence, result.StopReason);
        }
    }

    public void Dispose()
    {
        ModelCache.Clear();
        models.Dispose();
    }
}
