using System;
using System.Collections.Generic;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using NorwegianLlama.Inference;
using NorwegianLlama.TestModels;
using Xunit;

namespace NorwegianLlama.Tests.Inference;

/// <summary>
/// At temperature 0 the module picks tokens itself instead of running LLamaSharp's sampler chain; it must pick
/// exactly what the chain picks, on real logits, with and without the repeat penalty and past its 64-token window.
/// </summary>
public sealed class GreedyChoiceTests : IDisposable
{
    private const int Steps = 160;

    private readonly GeneratedModels models = new();

    [Theory]
    [InlineData(0, 1.0f)]
    [InlineData(0, 1.3f)]
    [InlineData(0, 0.7f)]
    [InlineData(32_000, 1.0f)]
    [InlineData(32_000, 1.1f)]
    public void PicksWhatTheSamplerChainPicksAtTemperatureZero(int vocabularySize, float repeatPenalty)
    {
        if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
        {
            NativeLibraryConfig.All.WithLogCallback((_, _) => { });
        }

        string path = models.Write(new TestModelSpec { ContextLength = 512, VocabularySize = vocabularySize, Seed = 3 }).Path;
        var parameters = new ModelParams(path) { ContextSize = 512, Threads = 1, BatchSize = 512 };
        using LLamaWeights weights = LLamaWeights.LoadFromFile(parameters);
        using LLamaContext context = weights.CreateContext(parameters);
        // The module's other sampling settings, which must not matter at temperature 0.
        using var chain = new DefaultSamplingPipeline { Temperature = 0, TopP = 0.9f, TopK = 40, MinP = 0.05f, RepeatPenalty = repeatPenalty, Seed = 5 };
        var greedy = new GreedyChoice(repeatPenalty);

        int[] prompt = [1, 300, 301, 302, 303, 304];
        var batch = new LLamaBatch();
        for (int i = 0; i < prompt.Length; i++)
        {
            batch.Add(prompt[i], i, LLamaSeqId.Zero, i == prompt.Length - 1);
        }

        var picked = new List<int>();
        int logitIndex = prompt.Length - 1;
        for (int position = prompt.Length; position < prompt.Length + Steps; position++)
        {
            Assert.Equal(DecodeResult.Ok, context.Decode(batch));
            int ours = greedy.Pick(context.NativeHandle.GetLogitsIth(logitIndex));
            int theirs = (int)chain.Sample(context.NativeHandle, logitIndex);
            Assert.True(ours == theirs, $"step {picked.Count}: picked {ours}, the chain {theirs}, after {string.Join(' ', picked)}");
            greedy.Accept(ours);
            picked.Add(ours);
            batch.Clear();
            batch.Add(ours, position, LLamaSeqId.Zero, true);
            logitIndex = 0;
        }

        // Past the penalty window, and with repeats for the penalty to act on.
        Assert.True(picked.Count > GreedyChoice.PenaltyWindow);
        Assert.True(new HashSet<int>(picked).Count < picked.Count, "no token repeated, so the penalty was never tested");
    }

    [Fact]
    public void PenalisesRecentTokensAsLlamaCppDoes()
    {
        var greedy = new GreedyChoice(2f);
        greedy.Accept(0);
        greedy.Accept(2);
        // 3 / 2 = 1.5 loses to 2; -0.5 * 2 = -1 loses to -0.9; the logits are put back afterwards.
        float[] logits = [3f, 2f, -0.5f, -0.9f];
        Assert.Equal(1, greedy.Pick(logits));
        Assert.Equal([3f, 2f, -0.5f, -0.9f], logits);
        // With token 1 closed, the penalised 1.5 still beats the rest.
        Assert.Equal(0, greedy.Pick([3f, float.NegativeInfinity, -0.5f, -0.9f]));
    }

    [Fact]
    public void ForgetsTokensOlderThanTheWindow()
    {
        var greedy = new GreedyChoice(10f);
        greedy.Accept(0);
        for (int i = 0; i < GreedyChoice.PenaltyWindow; i++)
        {
            greedy.Accept(1);
        }

        // Token 1 (25 / 10 = 2.5) is still penalised, token 0 no longer: 3 wins.
        Assert.Equal(0, greedy.Pick([3f, 25f]));
    }

    [Theory]
    [InlineData(new[] { 1f, 3f, 3f, 2f })]
    [InlineData(new[] { float.NaN, -1f, 0.5f, float.NaN })]
    [InlineData(new[] { 0f, -0f, -1f })]
    [InlineData(new[] { -0f, 0f, float.NegativeInfinity })]
    [InlineData(new[] { float.NegativeInfinity, float.NaN, float.NaN })]
    [InlineData(new[] { float.NegativeInfinity, float.NegativeInfinity })]
    [InlineData(new[] { -3f, float.PositiveInfinity, 7f, float.PositiveInfinity })]
    public void TheVectorisedPassAgreesWithTheExactScan(float[] logits) =>
        Assert.Equal(MaskedChoice.Keep(logits, -1), GreedyChoice.Best(logits));

    [Fact]
    public void TheVectorisedPassAgreesWithTheExactScanOnLongRows()
    {
        var random = new Random(11);
        for (int round = 0; round < 200; round++)
        {
            // Few distinct values, so ties are common; some closed.
            float[] logits = new float[32_000];
            for (int i = 0; i < logits.Length; i++)
            {
                logits[i] = random.Next(8) == 0 ? float.NegativeInfinity : random.Next(50) / 4f - 6f;
            }

            Assert.Equal(MaskedChoice.Keep(logits, -1), GreedyChoice.Best(logits));
        }
    }

    [Fact]
    public void SaysWhenNothingIsOpen() =>
        Assert.Equal(-1, new GreedyChoice(1f).Pick([float.NegativeInfinity, float.NegativeInfinity]));

    public void Dispose() => models.Dispose();
}
