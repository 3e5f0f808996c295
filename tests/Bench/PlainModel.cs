using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;

namespace NorwegianLlama.Bench;

/// <summary>
/// Loaded weights and one warm context, driven by the plainest LLamaSharp decode loop: decode the prompt in
/// batches of up to n_batch tokens, then sample, decode one token, sample, … Written from LLamaSharp's API
/// alone, as anyone would, to show what the module costs on top of it.
/// </summary>
public sealed class PlainModel : IDisposable
{
    // n_batch as the module sets it, so both read a prompt with the same llama.cpp batch limit.
    private const int BatchSize = 512;

    private readonly LLamaWeights weights;
    private readonly List<int> cached = new();
    private LLamaContext? context;
    private int contextSize;
    private int threads;

    internal PlainModel(string path, LLamaWeights weights, double loadMilliseconds)
    {
        Path = path;
        this.weights = weights;
        LoadMilliseconds = loadMilliseconds;
    }

    public string Path { get; }

    public double LoadMilliseconds { get; }

    /// <summary>
    /// Answers <paramref name="prompt"/> (token ids) with at most <paramref name="maxTokens"/> tokens, sampled
    /// like the module samples. The clock for time to first token and duration starts where the module's
    /// does: after tokenising, before the sampler is created and the prompt decoded.
    /// </summary>
    /// <param name="reusePrefix">
    /// Keep the part of the KV cache the prompt shares with the previous call (at least the last token is
    /// decoded again); false clears the cache, so the whole prompt is decoded.
    /// </param>
    public PlainRun Generate(
        int[] prompt, int maxTokens, int contextSize, int threads, float temperature, float topP, uint seed, bool reusePrefix)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfZero(prompt.Length, nameof(prompt));
        long wallStart = Stopwatch.GetTimestamp();
        LLamaContext ctx = ContextFor(contextSize, threads);

        long clockStart = Stopwatch.GetTimestamp();
        long decodeTicks = 0;
        long sampleTicks = 0;
        using var sampler = new DefaultSamplingPipeline
        {
            Temperature = temperature,
            TopP = topP,
            TopK = 0,
            MinP = 0,
            RepeatPenalty = 1,
            Seed = seed,
        };
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
        var text = new StringBuilder();
        var generatedTokens = new List<int>();

        int keep = reusePrefix ? Math.Min(CommonPrefix(prompt), prompt.Length - 1) : 0;
        ctx.NativeHandle.MemorySequenceRemove(LLamaSeqId.Zero, keep, -1);
        cached.RemoveRange(keep, cached.Count - keep);

        var batch = new LLamaBatch();
        for (int start = keep; start < prompt.Length; start += BatchSize)
        {
            batch.Clear();
            int stop = Math.Min(prompt.Length, start + BatchSize);
            for (int position = start; position < stop; position++)
            {
                batch.Add((LLamaToken)prompt[position], position, LLamaSeqId.Zero, position == prompt.Length - 1);
            }

            long decodeStart = Stopwatch.GetTimestamp();
            PlainLlama.Decode(ctx, batch);
            decodeTicks += Stopwatch.GetTimestamp() - decodeStart;
        }

        for (int i = keep; i < prompt.Length; i++)
        {
            cached.Add(prompt[i]);
        }

        var vocabulary = weights.Vocab;
        long sampleStart = Stopwatch.GetTimestamp();
        LLamaToken token = sampler.Sample(ctx.NativeHandle, batch.TokenCount - 1);
        sampleTicks += Stopwatch.GetTimestamp() - sampleStart;
        double timeToFirstToken = PlainLlama.Milliseconds(Stopwatch.GetTimestamp() - clockStart);

        int next = prompt.Length;
        int generated = 0;
        string stopReason = "MaxTokens";
        while (true)
        {
            if (token.IsEndOfGeneration(vocabulary))
            {
                stopReason = "EndOfSequence";
                break;
            }

            generated++;
            generatedTokens.Add((int)token);
            decoder.Add(token);
            text.Append(decoder.Read());
            if (generated >= maxTokens)
            {
                break;
            }

            if (next >= contextSize)
            {
                stopReason = "ContextFull";
                break;
            }

            batch.Clear();
            batch.Add(token, next++, LLamaSeqId.Zero, true);
            long decodeStart = Stopwatch.GetTimestamp();
            PlainLlama.Decode(ctx, batch);
            decodeTicks += Stopwatch.GetTimestamp() - decodeStart;
            cached.Add((int)token);

            sampleStart = Stopwatch.GetTimestamp();
            token = sampler.Sample(ctx.NativeHandle, 0);
            sampleTicks += Stopwatch.GetTimestamp() - sampleStart;
        }

        long finished = Stopwatch.GetTimestamp();
        return new PlainRun
        {
            PromptTokenCount = prompt.Length,
            DecodedPromptTokenCount = prompt.Length - keep,
            CompletionTokenCount = generated,
            StopReason = stopReason,
            TimeToFirstTokenMs = timeToFirstToken,
            DurationMs = PlainLlama.Milliseconds(finished - clockStart),
            WallMs = PlainLlama.Milliseconds(finished - wallStart),
            DecodeMs = PlainLlama.Milliseconds(decodeTicks),
            SampleMs = PlainLlama.Milliseconds(sampleTicks),
            Text = text.ToString(),
            GeneratedTokens = generatedTokens.ToArray(),
        };
    }

    public void Dispose()
    {
        context?.Dispose();
        context = null;
        weights.Dispose();
    }

    /// <summary>One context kept warm between calls, with the module's context settings for one sequence.</summary>
    private LLamaContext ContextFor(int size, int threadCount)
    {
        if (context is not null && contextSize == size && threads == threadCount)
        {
            return context;
        }

        context?.Dispose();
        cached.Clear();
        context = weights.CreateContext(new ModelParams(Path)
        {
            ContextSize = (uint)size,
            SeqMax = 1,
            Threads = threadCount,
            BatchThreads = threadCount,
            BatchSize = BatchSize,
        });
        (contextSize, threads) = (size, threadCount);
        return context;
    }

    private int CommonPrefix(int[] prompt)
    {
        int length = Math.Min(cached.Count, prompt.Length);
        int shared = 0;
        while (shared < length && cached[shared] == prompt[shared])
        {
            shared++;
        }

        return shared;
    }
}

/// <summary>One plain-loop answer, with where its time went.</summary>
public sealed class PlainRun
{
    public int PromptTokenCount { get; init; }

    /// <summary>Prompt tokens actually decoded (the rest came from the warm KV cache).</summary>
    public int DecodedPromptTokenCount { get; init; }

    public int CompletionTokenCount { get; init; }

    public string StopReason { get; init; } = "";

    /// <summary>From the start of the answer (after tokenising) to the first sampled token.</summary>
    public double TimeToFirstTokenMs { get; init; }

    /// <summary>From the start of the answer to the last token.</summary>
    public double DurationMs { get; init; }

    /// <summary>The whole call, including getting the context.</summary>
    public double WallMs { get; init; }

    /// <summary>Time inside llama_decode.</summary>
    public double DecodeMs { get; init; }

    /// <summary>Time inside the sampler.</summary>
    public double SampleMs { get; init; }

    public string Text { get; init; } = "";

    /// <summary>The sampled token ids, so a next turn can continue from exactly what is in the KV cache.</summary>
    public int[] GeneratedTokens { get; init; } = [];
}
