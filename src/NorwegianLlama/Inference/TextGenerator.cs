using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;

namespace NorwegianLlama.Inference;

/// <summary>Decodes a prompt and samples an answer token by token, handing text out as soon as it is whole.</summary>
internal static class TextGenerator
{
    // Prompt chunks decoded per call; CPU throughput gains little beyond this and Ctrl+C stays prompt.
    private const int PromptBatchSize = 512;

    public static GenerationResult Generate(
        CachedModel model, IReadOnlyList<int> promptTokens, GenerationOptions options, Action<string> onText,
        CancellationToken cancellation)
    {
        var stopwatch = Stopwatch.StartNew();
        var contextParams = new ModelParams(model.Path)
        {
            ContextSize = (uint)options.ContextSize,
            Threads = options.Threads,
            BatchThreads = options.Threads,
            BatchSize = (uint)Math.Min(PromptBatchSize, options.ContextSize),
        };
        using LLamaContext context = model.Weights.CreateContext(contextParams);
        using var abort = new NativeAbort(context.NativeHandle, cancellation);

        var batch = new LLamaBatch();
        var tokens = new List<LLamaToken>(promptTokens.Count);
        foreach (int id in promptTokens)
        {
            tokens.Add(id);
        }

        (DecodeResult decoded, _, int past) = context.DecodeAsync(tokens, LLamaSeqId.Zero, batch, 0, cancellation).GetAwaiter().GetResult();
        ThrowUnlessDecoded(decoded, cancellation);

        using var sampler = new DefaultSamplingPipeline
        {
            Temperature = options.Sampling.Temperature,
            TopP = options.Sampling.TopP,
            TopK = options.Sampling.TopK,
            MinP = options.Sampling.MinP,
            RepeatPenalty = options.Sampling.RepeatPenalty,
            Seed = options.Sampling.Seed,
        };
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, model.Weights);
        var filter = new StopSequenceFilter(options.StopSequences);
        var answer = new StringBuilder();
        var vocabulary = model.Weights.Vocab;

        TimeSpan firstToken = TimeSpan.Zero;
        int generated = 0;
        NorskStopReason reason = NorskStopReason.MaxTokens;
        while (generated < options.MaxTokens)
        {
            cancellation.ThrowIfCancellationRequested();
            // Every token shown is one the context holds, so prompt + answer never exceed the context size.
            if (past >= options.ContextSize)
            {
                reason = NorskStopReason.ContextFull;
                break;
            }

            LLamaToken token = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
            if (generated == 0)
            {
                firstToken = stopwatch.Elapsed;
            }

            if (token.IsEndOfGeneration(vocabulary))
            {
                reason = NorskStopReason.EndOfSequence;
                break;
            }

            generated++;
            decoder.Add(token);
            Emit(filter.Push(decoder.Read()), answer, onText);
            if (filter.Stopped)
            {
                reason = NorskStopReason.StopSequence;
                break;
            }

            batch.Clear();
            batch.Add(token, past++, LLamaSeqId.Zero, true);
            ThrowUnlessDecoded(context.Decode(batch), cancellation);
        }

        if (!filter.Stopped)
        {
            Emit(filter.Push(decoder.Read()), answer, onText);
            Emit(filter.Flush(), answer, onText);
        }

        TimeSpan duration = stopwatch.Elapsed;
        TimeSpan generating = duration - firstToken;
        double tokensPerSecond = generated > 1 && generating > TimeSpan.Zero ? (generated - 1) / generating.TotalSeconds : 0;
        return new GenerationResult(answer.ToString(), promptTokens.Count, generated, reason, firstToken, duration, tokensPerSecond);
    }

    private static void Emit(string text, StringBuilder answer, Action<string> onText)
    {
        if (text.Length > 0)
        {
            answer.Append(text);
            onText(text);
        }
    }

    private static void ThrowUnlessDecoded(DecodeResult result, CancellationToken cancellation)
    {
        if (result == DecodeResult.Ok)
        {
            return;
        }

        cancellation.ThrowIfCancellationRequested();
        throw new InvalidOperationException($"llama.cpp could not decode the batch ({result}).");
    }

    /// <summary>
    /// Lets Ctrl+C interrupt llama.cpp in the middle of a decode: a long prompt on a 13B model is one call of
    /// many seconds, far longer than anyone waits for a stop.
    /// </summary>
    private sealed class NativeAbort : IDisposable
    {
        private readonly SafeLLamaContextHandle context;
        private readonly AbortCallback callback;

        public NativeAbort(SafeLLamaContextHandle context, CancellationToken cancellation)
        {
            this.context = context;
            callback = _ => cancellation.IsCancellationRequested;
            NativeApi.llama_set_abort_callback(context, Marshal.GetFunctionPointerForDelegate(callback), IntPtr.Zero);
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.I1)]
        private delegate bool AbortCallback(IntPtr userData);

        public void Dispose()
        {
            if (!context.IsClosed)
            {
                NativeApi.llama_set_abort_callback(context, IntPtr.Zero, IntPtr.Zero);
            }

            GC.KeepAlive(callback);
        }
    }
}
