using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using LLama;
using LLama.Native;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Inference;

/// <summary>
/// Answers one or more prompts in one llama.cpp context. Several prompts share the decode of their common
/// prefix (an instruction) and then generate together, one token each per decode, which keeps two CPU cores
/// far busier than one prompt at a time.
/// </summary>
internal static class TextGenerator
{
    // Tokens per llama_decode call while reading prompts; CPU throughput gains little beyond this.
    internal const int DecodeBatchSize = 512;

    /// <param name="cancellation">Stops the work with an <see cref="OperationCanceledException"/> (Ctrl+C).</param>
    /// <param name="deadline">
    /// Ends every unfinished answer with <see cref="NorskStopReason.Timeout"/>, keeping its text, also in the middle of
    /// reading a prompt. The context is then discarded, since an interrupted decode leaves its KV cache uncertain.
    /// </param>
    public static GenerationResult[] Generate(
        CachedModel model, IReadOnlyList<int[]> prompts, GenerationOptions options, Action<int, string> onText,
        CancellationToken cancellation, CancellationToken deadline = default)
    {
        var clock = Stopwatch.StartNew();
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellation, deadline);
        var stopping = new Stopping(cancellation, deadline, either.Token);
        return prompts.Count == 1
            ? [GenerateOne(model, prompts[0], options, onText, clock, stopping)]
            : GenerateMany(model, prompts, options, onText, clock, stopping);
    }

    /// <summary>One prompt in a warm pooled context, decoding only what its KV cache does not already hold.</summary>
    private static GenerationResult GenerateOne(
        CachedModel model, int[] prompt, GenerationOptions options, Action<int, string> onText, Stopwatch clock,
        Stopping stopping)
    {
        CancellationToken cancellation = stopping.Either;
        using RentedContext rented = model.Contexts.Rent(
            model.Weights, model.Path, prompt, options.Shape, options.Reproducible, cellsNeeded: prompt.Length + (long)options.MaxTokens);
        using var abort = new NativeAbort(rented.Context.NativeHandle, cancellation);
        using var sequence = new GeneratingSequence(0, prompt, model, options, clock, onText) { Position = rented.ReusedTokens };
        options.Meter?.AddRead(rented.ReusedTokens);
        List<GeneratingSequence> sequences = [sequence];
        var vocabulary = model.Weights.Vocab;
        var batch = new LLamaBatch();
        // Aligned chunks cost some prompt speed; only a caller who chose the seed needs their reproducibility,
        // and a prefix saved to the prompt cache (any later seeded run may start from it).
        int alignThrough = options.Reproducible ? prompt.Length : rented.SaveTarget;
        try
        {
            DecodeOwnPrompts(rented.Context, batch, sequences, vocabulary, FinishedSequences.KeepAll, options.Meter, cancellation, alignThrough, rented.PrefixDecoded);
            GenerateTogether(rented.Context, sequences, vocabulary, FinishedSequences.KeepAll, cancellation);
        }
        catch (OperationCanceledException) when (stopping.TimedOut)
        {
            // Not marked as succeeded: the pool discards the context rather than trust its KV cache.
            sequence.StopForTimeout();
            return sequence.ToResult() with { ReusedPromptTokenCount = rented.ReusedTokens };
        }

        rented.Succeeded(sequence.TokensInCache, prompt, alignThrough);
        return sequence.ToResult() with { ReusedPromptTokenCount = rented.ReusedTokens, ContextCells = rented.Cells };
    }

    /// <summary>
    /// Several prompts in a pooled batch context: their shared prefix is decoded once into sequence 0 (or found
    /// there, left by an earlier batch) and copied to the others. Afterwards sequence 0 keeps only that prefix,
    /// for the next batch of the same instruction.
    /// </summary>
    private static GenerationResult[] GenerateMany(
        CachedModel model, IReadOnlyList<int[]> prompts, GenerationOptions options, Action<int, string> onText, Stopwatch clock,
        Stopping stopping)
    {
        CancellationToken cancellation = stopping.Either;
        int shared = TokenPrefix.SharedLength(prompts);
        // SharedLength leaves every prompt a token of its own, so this is the prefix plus one token to decode.
        int[] lead = prompts[0][..(shared + 1)];
        using RentedContext rented = model.Contexts.Rent(model.Weights, model.Path, lead, BatchShape(prompts, shared, options), options.Reproducible);
        LLamaContext context = rented.Context;
        using var abort = new NativeAbort(context.NativeHandle, cancellation);
        var sequences = prompts.Select((prompt, i) => new GeneratingSequence(i, prompt, model, options, clock, onText)).ToList();
        try
        {
            var vocabulary = model.Weights.Vocab;
            var batch = new LLamaBatch();
            int alignThrough = options.Reproducible ? shared : rented.SaveTarget;
            options.Meter?.AddRead(Math.Min(rented.ReusedTokens, shared));
            DecodeSharedPrefix(context, batch, prompts[0], rented.ReusedTokens, shared, alignThrough, rented.PrefixDecoded, options.Meter, cancellation);
            foreach (GeneratingSequence sequence in sequences)
            {
                if (sequence.Index > 0 && shared > 0)
                {
                    context.NativeHandle.MemorySequenceCopy((LLamaSeqId)0, sequence.Id, 0, shared);
                    options.Meter?.AddRead(shared);
                }

                sequence.Position = shared;
            }

            var finished = new FinishedSequences(shared);
            DecodeOwnPrompts(context, batch, sequences, vocabulary, finished, options.Meter, cancellation);
            GenerateTogether(context, sequences, vocabulary, finished, cancellation);
            rented.Succeeded(lead[..shared], lead, alignThrough);
            return sequences.Select(s => s.ToResult() with { ReusedPromptTokenCount = rented.ReusedTokens, ContextCells = rented.Cells }).ToArray();
        }
        catch (OperationCanceledException) when (stopping.TimedOut)
        {
            // Not marked as succeeded: the pool discards the context rather than trust its KV cache.
            sequences.ForEach(s => s.StopForTimeout());
            return sequences.Select(s => s.ToResult() with { ReusedPromptTokenCount = rented.ReusedTokens }).ToArray();
        }
        finally
        {
            sequences.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Room for the shared prefix once and each prompt's own tokens and answer, in steps.</summary>
    private static ContextShape BatchShape(IReadOnlyList<int[]> prompts, int shared, GenerationOptions options)
    {
        long needed = shared;
        foreach (int[] prompt in prompts)
        {
            needed += Math.Min(options.ContextSize, prompt.Length - shared + (long)options.MaxTokens);
        }

        long size = Math.Min((long)options.ContextSize * prompts.Count, (needed + ContextShape.BatchGranularity - 1) / ContextShape.BatchGranularity * ContextShape.BatchGranularity);
        return new ContextShape((int)Math.Max(size, 64), prompts.Count, options.Threads, options.KvCache);
    }

    /// <summary>
    /// Decodes the shared prefix from <paramref name="from"/> into sequence 0. Through
    /// <paramref name="alignThrough"/> it goes in aligned chunks, as a single prompt does, so that what it
    /// leaves in the cache is what a cold batch computes.
    /// </summary>
    private static void DecodeSharedPrefix(
        LLamaContext context, LLamaBatch batch, int[] prompt, int from, int shared, int alignThrough, Action<int> decodedThrough,
        GenerationMeter? meter, CancellationToken cancellation)
    {
        batch.Clear();
        for (int position = from; position < shared; position++)
        {
            batch.Add(prompt[position], position, (LLamaSeqId)0, false);
            if (batch.TokenCount == DecodeBatchSize || position == shared - 1 || (position < alignThrough && AlignedChunks.EndsAt(position)))
            {
                Decode(context, batch, cancellation);
                meter?.AddRead(batch.TokenCount);
                batch.Clear();
                decodedThrough(position + 1);
            }
        }
    }

    /// <summary>
    /// Decodes each prompt's own tokens and samples its first token right after the decode that produced
    /// its logits: a later decode would overwrite them.
    /// </summary>
    private static void DecodeOwnPrompts(
        LLamaContext context, LLamaBatch batch, List<GeneratingSequence> sequences, SafeLlamaModelHandle.Vocabulary vocabulary,
        FinishedSequences finished, GenerationMeter? meter, CancellationToken cancellation, int alignThrough = 0,
        Action<int>? decodedThrough = null)
    {
        var ready = new List<(GeneratingSequence Sequence, int LogitIndex)>();
        batch.Clear();
        foreach (GeneratingSequence sequence in sequences)
        {
            int[] prompt = sequence.Prompt;
            for (int position = sequence.Position; position < prompt.Length; position++)
            {
                bool last = position == prompt.Length - 1;
                if (last)
                {
                    ready.Add((sequence, batch.TokenCount));
                }

                batch.Add(prompt[position], position, sequence.Id, last);
                if (batch.TokenCount == DecodeBatchSize || (position < alignThrough && AlignedChunks.EndsAt(position)))
                {
                    int decoding = batch.TokenCount;
                    DecodeAndSample(context, batch, ready, vocabulary, finished, cancellation);
                    meter?.AddRead(decoding);
                    decodedThrough?.Invoke(position + 1);
                }
            }

            sequence.Position = prompt.Length;
        }

        if (batch.TokenCount > 0)
        {
            int decoding = batch.TokenCount;
            DecodeAndSample(context, batch, ready, vocabulary, finished, cancellation);
            meter?.AddRead(decoding);
        }
    }

    private static void GenerateTogether(
        LLamaContext context, List<GeneratingSequence> sequences, SafeLlamaModelHandle.Vocabulary vocabulary,
        FinishedSequences finished, CancellationToken cancellation)
    {
        // LLamaSharp pins every slot of a batch's capacity on each decode; the prompt's batch has grown to
        // hundreds of slots, while a generation step needs one per sequence.
        var batch = new LLamaBatch();
        var ready = new List<(GeneratingSequence Sequence, int LogitIndex)>();
        while (true)
        {
            batch.Clear();
            foreach (GeneratingSequence sequence in sequences)
            {
                if (!sequence.IsFinished)
                {
                    ready.Add((sequence, batch.TokenCount));
                    batch.Add(sequence.Pending, sequence.Position++, sequence.Id, true);
                    sequence.NotePendingDecoded();
                }
            }

            if (batch.TokenCount == 0)
            {
                return;
            }

            DecodeAndSample(context, batch, ready, vocabulary, finished, cancellation);
        }
    }

    private static void DecodeAndSample(
        LLamaContext context, LLamaBatch batch, List<(GeneratingSequence Sequence, int LogitIndex)> ready,
        SafeLlamaModelHandle.Vocabulary vocabulary, FinishedSequences finished, CancellationToken cancellation)
    {
        Decode(context, batch, cancellation);
        foreach (var (sequence, logitIndex) in ready)
        {
            sequence.TakeToken(context.NativeHandle, logitIndex, vocabulary);
            if (sequence.IsFinished)
            {
                finished.Free(context.NativeHandle, sequence);
            }
        }

        ready.Clear();
        batch.Clear();
    }

    private static void Decode(LLamaContext context, LLamaBatch batch, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        DecodeResult result = context.Decode(batch);
        if (result == DecodeResult.Ok)
        {
            return;
        }

        cancellation.ThrowIfCancellationRequested();
        throw new InvalidOperationException(InferenceMessages.DecodeFailed(result.ToString()));
    }

    /// <param name="Cancellation">Ctrl+C, or the host stopping the pipeline.</param>
    /// <param name="Deadline">The time budget of the call.</param>
    /// <param name="Either">Whichever comes first: what the decode loop and llama.cpp's abort callback watch.</param>
    private readonly record struct Stopping(CancellationToken Cancellation, CancellationToken Deadline, CancellationToken Either)
    {
        /// <summary>The budget ran out and nobody asked to stop: the answers end with their text, not with an exception.</summary>
        public bool TimedOut => Deadline.IsCancellationRequested && !Cancellation.IsCancellationRequested;
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
