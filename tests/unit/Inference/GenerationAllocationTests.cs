using System;
using System.Collections.Generic;
using System.Linq;
using LLama.Native;
using NorwegianLlama.Gguf;
using NorwegianLlama.Inference;
using NorwegianLlama.TestModels;
using Xunit;
using Xunit.Abstractions;

namespace NorwegianLlama.Tests.Inference;

/// <summary>
/// The per-token hot path allocates nothing beyond the piece of text it hands out: measured as the managed
/// bytes the generating thread allocates for 64 extra tokens of the same answer, less what LLamaSharp's own
/// LLamaContext.Decode allocates per call (it pins each slot of the batch), measured alongside. Not a timing.
/// </summary>
[Collection(ModelCacheCollection.Name)]
public sealed class GenerationAllocationTests(ITestOutputHelper output) : IDisposable
{
    private readonly GeneratedModels models = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async System.Threading.Tasks.Task ExtraTokensCostOnlyTheirPieces(bool withStopSequences)
    {
        if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
        {
            NativeLibraryConfig.All.WithLogCallback((_, _) => { });
        }

        string path = models.Write(new TestModelSpec { ContextLength = 512 }).Path;
        using ModelLease lease = await ModelCache.AcquireAsync(path, GgufReader.Read(path), LoraSet.None, null, null, default);
        // Longer than a fresh LLamaBatch's capacity, as any prompt with the default system prompt is.
        int[] prompt = [1, .. Enumerable.Range(0, 300).Select(i => 300 + i % 200)];
        IReadOnlyList<string> stops = withStopSequences ? ["[INST]", "</s>", "### Instruction:"] : [];

        (long bytes, int tokens, int pieceBytes) Run(int maxTokens)
        {
            var options = new GenerationOptions(maxTokens, new SamplingOptions(0.6f, 0.9f, 40, 0.05f, 1.0f, 7), stops, 512, 1);
            int pieceBytes = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            GenerationResult result = TextGenerator.Generate(lease.Model, [prompt], options, (_, piece) => pieceBytes += StringBytes(piece), default)[0];
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            return (allocated, result.CompletionTokenCount, pieceBytes);
        }

        double decodeBytes = DecodeAllocation(lease.Model.Weights, path);
        Run(80);
        var shortRun = Run(16);
        var longRun = Run(80);
        Assert.True(longRun.tokens - shortRun.tokens >= 32, $"the model stopped after {longRun.tokens} tokens");

        double perToken = (double)(longRun.bytes - shortRun.bytes) / (longRun.tokens - shortRun.tokens);
        double piecesPerToken = (double)(longRun.pieceBytes - shortRun.pieceBytes) / (longRun.tokens - shortRun.tokens);
        output.WriteLine($"{perToken:F0} bytes allocated per extra token; one LLamaSharp Decode call alone allocates {decodeBytes:F0}; the pieces handed out are {piecesPerToken:F0}");

        // The answer's own text (StringBuilder) grows by amortised doubling; that and the piece are all a
        // token may cost beyond the decode call itself.
        Assert.True(perToken <= decodeBytes + piecesPerToken * 3 + 48, $"{perToken:F0} bytes per token, decode {decodeBytes:F0}, pieces {piecesPerToken:F0}");
    }

    /// <summary>Bytes one LLamaContext.Decode of a single token allocates with a fresh LLamaBatch.</summary>
    private static double DecodeAllocation(LLama.LLamaWeights weights, string path)
    {
        using LLama.LLamaContext context = weights.CreateContext(new LLama.Common.ModelParams(path) { ContextSize = 256, Threads = 1 });
        var batch = new LLamaBatch();
        const int Calls = 64;
        long before = 0;
        for (int position = 0; position <= Calls; position++)
        {
            if (position == 1)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            batch.Clear();
            batch.Add(1, position, (LLamaSeqId)0, true);
            Assert.Equal(DecodeResult.Ok, context.Decode(batch));
        }

        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }

    private static int StringBytes(string text) => 24 + 2 * text.Length;

    public void Dispose()
    {
        ModelCache.Clear();
        models.Dispose();
    }
}
