using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using LLama;
using LLama.Native;
using LLama.Sampling;

namespace NorwegianLlama.Inference;

/// <summary>One prompt being answered within a (possibly batched) generation: its sampler, text and limits.</summary>
internal sealed class GeneratingSequence : IDisposable
{
    private readonly GenerationOptions options;
    private readonly Stopwatch clock;
    private readonly DefaultSamplingPipeline? sampler;
    private readonly GreedyChoice? greedy;
    private readonly StreamingTokenDecoder decoder;
    private readonly StopSequenceFilter filter;
    private readonly Utf8Guard utf8;
    private readonly GrammarGate? grammar;
    private readonly StringBuilder text = new();
    private readonly Action<int, string> onText;
    private TimeSpan firstToken;
    private TimeSpan finishedAt;
    private LLamaToken lastWritten;

    public GeneratingSequence(int index, int[] prompt, CachedModel model, GenerationOptions options, Stopwatch clock, Action<int, string> onText)
    {
        Index = index;
        Prompt = prompt;
        Position = 0;
        // Sized once for the whole answer, so the token loop never grows it.
        TokensInCache = new List<int>((int)Math.Min(options.ContextSize, (long)prompt.Length + options.MaxTokens) + 1);
        TokensInCache.AddRange(prompt);
        this.options = options;
        this.clock = clock;
        this.onText = onText;
        // Temperature 0 needs no sampler chain: the most likely token is the chain's choice.
        greedy = options.Sampling.Temperature <= 0 ? new GreedyChoice(options.Sampling.RepeatPenalty) : null;
        sampler = greedy is not null ? null : new DefaultSamplingPipeline
        {
            Temperature = options.Sampling.Temperature,
            TopP = options.Sampling.TopP,
            TopK = options.Sampling.TopK,
            MinP = options.Sampling.MinP,
            RepeatPenalty = options.Sampling.RepeatPenalty,
            Seed = options.Sampling.Seed,
        };
        decoder = new StreamingTokenDecoder(Encoding.UTF8, model.Weights);
        utf8 = new Utf8Guard(model.ByteTokens, underGrammar: options.Grammar is not null);
        grammar = options.Grammar is null ? null : new GrammarGate(model.Weights, options.Grammar);
        filter = new StopSequenceFilter(options.StopSequences);
    }

    public int Index { get; }

    public LLamaSeqId Id => (LLamaSeqId)Index;

    public int[] Prompt { get; }

    /// <summary>Tokens of this sequence in the KV cache; the next token goes at this position.</summary>
    public int Position { get; set; }

    public int Generated { get; private set; }

    /// <summary>The token sampled last, still to be decoded so the next one can be sampled.</summary>
    public LLamaToken Pending { get; private set; }

    public NorskStopReason? StopReason { get; private set; }

    /// <summary>The tokens this sequence has in the KV cache once its prompt is decoded: prompt, then answer.</summary>
    public List<int> TokensInCache { get; }

    public void NotePendingDecoded() => TokensInCache.Add((int)Pending);

    public bool IsFinished => StopReason is not null;

    /// <summary>Samples the next token from the logits at <paramref name="logitIndex"/> of the last decode, or finishes.</summary>
    public void TakeToken(SafeLLamaContextHandle context, int logitIndex, SafeLlamaModelHandle.Vocabulary vocabulary)
    {
        // Only tokens the context can hold are shown, so prompt + answer never exceed the context size.
        if (Position >= options.ContextSize)
        {
            Finish(NorskStopReason.ContextFull);
            return;
        }

        if (Generated >= options.MaxTokens)
        {
            Finish(NorskStopReason.MaxTokens);
            return;
        }

        Span<float> logits = context.GetLogitsIth(logitIndex);
        utf8.Mask(logits);
        if (grammar is not null && !grammar.Mask(logits))
        {
            Finish(NorskStopReason.GrammarDeadEnd);
            return;
        }

        int kept = Choose(context, logitIndex, logits, vocabulary, out LLamaToken sampled);
        if (kept < 0 && grammar is not null)
        {
            Finish(NorskStopReason.GrammarDeadEnd);
            return;
        }

        LLamaToken token = kept < 0 ? sampled : (LLamaToken)kept;
        grammar?.Accept(token);
        if (Generated == 0)
        {
            firstToken = clock.Elapsed;
        }

        if (token.IsEndOfGeneration(vocabulary))
        {
            Finish(NorskStopReason.EndOfSequence);
            return;
        }

        Generated++;
        options.Meter?.AddWritten();
        lastWritten = token;
        utf8.Accept(token);
        decoder.Add(token);
        Emit(filter.Push(decoder.Read()));
        if (filter.Stopped)
        {
            Finish(NorskStopReason.StopSequence);
            return;
        }

        // The last allowed token is not decoded: nothing will be sampled from its logits.
        if (Generated >= options.MaxTokens)
        {
            Finish(NorskStopReason.MaxTokens);
            return;
        }

        Pending = token;
    }

    /// <summary>Ends an answer the time budget cut short, keeping what it wrote so far.</summary>
    public void StopForTimeout()
    {
        if (!IsFinished)
        {
            Finish(NorskStopReason.Timeout);
        }
    }

    public GenerationResult ToResult()
    {
        TimeSpan generating = finishedAt - firstToken;
        double tokensPerSecond = Generated > 1 && generating > TimeSpan.Zero ? (Generated - 1) / generating.TotalSeconds : 0;
        return new GenerationResult(text.ToString(), Prompt.Length, Generated, StopReason ?? NorskStopReason.MaxTokens,
            firstToken, finishedAt, tokensPerSecond)
        {
            AnswerTokens = AnswerTokens(),
        };
    }

    /// <summary>
    /// The answer's ids without a list of their own on the token path: those decoded follow the prompt in
    /// <see cref="TokensInCache"/>, and the last one written is not decoded when the answer ended on it.
    /// </summary>
    private int[] AnswerTokens()
    {
        int decoded = TokensInCache.Count - Prompt.Length;
        int[] ids = new int[Generated];
        TokensInCache.CopyTo(Prompt.Length, ids, 0, Math.Min(decoded, Generated));
        if (Generated > decoded)
        {
            ids[^1] = (int)lastWritten;
        }

        return ids;
    }

    public void Dispose()
    {
        sampler?.Dispose();
        grammar?.Dispose();
    }

    /// <summary>The open token to write next, or -1 when none is open (then <paramref name="sampled"/> is the sampler's pick).</summary>
    private int Choose(
        SafeLLamaContextHandle context, int logitIndex, Span<float> logits, SafeLlamaModelHandle.Vocabulary vocabulary, out LLamaToken sampled)
    {
        if (greedy is not null)
        {
            int best = greedy.Pick(logits);
            // Without a grammar the end-of-generation tokens are always open, so best is -1 only when the model
            // itself gave every token -∞: nothing is more likely than ending there.
            sampled = best >= 0 ? (LLamaToken)best : vocabulary.EOS ?? default;
            greedy.Accept((int)sampled);
            return best;
        }

        // The masks hold only if the sampler keeps to them, which NaN logits can stop it doing.
        sampled = sampler!.Sample(context, logitIndex);
        return MaskedChoice.Keep(logits, (int)sampled);
    }

    private void Finish(NorskStopReason reason)
    {
        if (!filter.Stopped)
        {
            Emit(filter.Push(decoder.Read()));
            Emit(filter.Flush());
        }

        StopReason = reason;
        finishedAt = clock.Elapsed;
    }

    private void Emit(string piece)
    {
        if (piece.Length > 0)
        {
            text.Append(piece);
            onText(Index, piece);
        }
    }
}
