using System;
using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;

namespace NorwegianLlama.Bench;

/// <summary>
/// The floor of a greedy answer in LLamaSharp: decode a token, take the highest logit, decode it, … with no sampler
/// chain at all. What is left per token is llama_decode and reading one row of logits, so a loop that costs more
/// spends the difference on sampling and bookkeeping.
/// </summary>
public sealed class PlainArgmax : IDisposable
{
    private const int BatchSize = 512;

    private readonly LLamaWeights weights;
    private readonly LLamaContext context;

    private PlainArgmax(LLamaWeights weights, LLamaContext context)
    {
        this.weights = weights;
        this.context = context;
    }

    /// <summary>Loads the model with its own context of the module's settings for one sequence.</summary>
    public static PlainArgmax Load(string path, int contextSize, int threads)
    {
        var parameters = new ModelParams(path)
        {
            GpuLayerCount = 0,
            LoadMode = LLamaLoadMode.MemoryMap,
            ContextSize = (uint)contextSize,
            SeqMax = 1,
            Threads = threads,
            BatchThreads = threads,
            BatchSize = BatchSize,
        };
        LLamaWeights weights = LLamaWeights.LoadFromFile(parameters);
        return new PlainArgmax(weights, weights.CreateContext(parameters));
    }

    /// <summary>Answers <paramref name="prompt"/> greedily from an empty KV cache, timed like <see cref="PlainModel.Generate"/>.</summary>
    public PlainRun Generate(int[] prompt, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfZero(prompt.Length, nameof(prompt));
        long clockStart = Stopwatch.GetTimestamp();
        long decodeTicks = 0;
        context.NativeHandle.MemorySequenceRemove(LLamaSeqId.Zero, 0, -1);
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
        var text = new StringBuilder();
        var batch = new LLamaBatch();
        for (int start = 0; start < prompt.Length; start += BatchSize)
        {
            batch.Clear();
            int stop = Math.Min(prompt.Length, start + BatchSize);
            for (int position = start; position < stop; position++)
            {
                batch.Add((LLamaToken)prompt[position], position, LLamaSeqId.Zero, position == prompt.Length - 1);
            }

            long decodeStart = Stopwatch.GetTimestamp();
            PlainLlama.Decode(context, batch);
            decodeTicks += Stopwatch.GetTimestamp() - decodeStart;
        }

        var vocabulary = weights.Vocab;
        LLamaToken token = Argmax(context.NativeHandle.GetLogitsIth(batch.TokenCount - 1));
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
            decoder.Add(token);
            text.Append(decoder.Read());
            if (generated >= maxTokens)
            {
                break;
            }

            batch.Clear();
            batch.Add(token, next++, LLamaSeqId.Zero, true);
            long decodeStart = Stopwatch.GetTimestamp();
            PlainLlama.Decode(context, batch);
            decodeTicks += Stopwatch.GetTimestamp() - decodeStart;
            token = Argmax(context.NativeHandle.GetLogitsIth(0));
        }

        long finished = Stopwatch.GetTimestamp();
        return new PlainRun
        {
            PromptTokenCount = prompt.Length,
            DecodedPromptTokenCount = prompt.Length,
            CompletionTokenCount = generated,
            StopReason = stopReason,
            TimeToFirstTokenMs = timeToFirstToken,
            DurationMs = PlainLlama.Milliseconds(finished - clockStart),
            WallMs = PlainLlama.Milliseconds(finished - clockStart),
            DecodeMs = PlainLlama.Milliseconds(decodeTicks),
            Text = text.ToString(),
        };
    }

    public void Dispose()
    {
        context.Dispose();
        weights.Dispose();
    }

    private static LLamaToken Argmax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return (LLamaToken)best;
    }
}
