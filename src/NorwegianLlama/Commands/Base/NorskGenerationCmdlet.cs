using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Errors;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Base;

/// <summary>The sampling and stopping parameters every generating cmdlet shares, and the run itself.</summary>
public abstract class NorskGenerationCmdlet : NorskModelCmdlet
{
    /// <summary>The model must never write the next question itself; its turn ends where a new one would begin.</summary>
    private protected static readonly string[] ChatTurnMarkers = ["[INST]"];

    [Parameter]
    [ValidateRange(1, 1 << 20)]
    public int MaxTokens { get; set; } = 512;

    /// <summary>0 is greedy: the most likely token every time. 0.6 and top-p 0.9 are Meta's reference defaults.</summary>
    [Parameter]
    [ValidateRange(0.0f, 5.0f)]
    public float Temperature { get; set; } = 0.6f;

    [Parameter]
    [ValidateRange(0.0f, 1.0f)]
    public float TopP { get; set; } = 0.9f;

    /// <summary>0 turns top-k off.</summary>
    [Parameter]
    [ValidateRange(0, 1_000_000)]
    public int TopK { get; set; }

    [Parameter]
    [ValidateRange(0.0f, 1.0f)]
    public float MinP { get; set; }

    /// <summary>1 turns the penalty off.</summary>
    [Parameter]
    [ValidateRange(0.0f, 10.0f)]
    public float RepeatPenalty { get; set; } = 1.0f;

    [Parameter]
    [ValidateRange(0L, uint.MaxValue)]
    public long Seed { get; set; }

    /// <summary>Generation ends before any of these strings; they are not part of the answer.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public string[] Stop { get; set; } = [];

    /// <summary>
    /// The seconds this call may spend reading prompts and writing answers, counted from when its model is ready; an
    /// answer still being written then ends with StopReason Timeout and keeps its text. Up to a day.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 86_400)]
    public int TimeoutSeconds { get; set; }

    private System.Threading.CancellationTokenSource? budget;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        RestartTimeBudget();
    }

    protected override void DisposeResources()
    {
        budget?.Dispose();
        base.DisposeResources();
    }

    /// <summary>Starts the -TimeoutSeconds budget afresh: once the model is ready, and for each answer of an interactive chat.</summary>
    private protected void RestartTimeBudget()
    {
        budget?.Dispose();
        budget = Bound(nameof(TimeoutSeconds)) ? new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(TimeoutSeconds)) : null;
    }

    /// <summary>The -TimeoutSeconds budget ran out: what is not started yet gets <see cref="TimeoutErrors.BeforeAnswer"/> instead.</summary>
    private protected bool TimeBudgetSpent => budget?.IsCancellationRequested == true;

    /// <summary>The given seed, or a fresh one that the output reports so the answer can be reproduced.</summary>
    private protected uint ChooseSeed()
    {
        if (Bound(nameof(Seed)))
        {
            return (uint)Seed;
        }

        uint seed = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        WriteVerbose(VerboseMessages.SamplingSeed(seed));
        return seed;
    }

    private protected GenerationOptions CreateOptions(uint seed, IEnumerable<string> formatStops) => new(
        MaxTokens,
        new SamplingOptions(Temperature, TopP, TopK, MinP, RepeatPenalty, seed),
        Stop.Concat(formatStops).ToArray(),
        EffectiveContextSize,
        EffectiveThreads,
        Reproducible: Bound(nameof(Seed)),
        Grammar: AnswerGrammar)
    {
        KvCache = EffectiveKvCache,
    };

    /// <summary>The GBNF every answer is sampled under, or null for free text.</summary>
    private protected virtual string? AnswerGrammar => null;

    /// <summary>
    /// Renders a chat for the context, leaving out its oldest question-and-answer pairs if it must; answers whose
    /// carried ids no longer hold lose them (in <paramref name="messages"/> too) and are rendered from text. Returns null
    /// after writing the error when the conversation is invalid or the new message cannot fit alone.
    /// </summary>
    private protected (RenderedPrompt Prompt, int[] Tokens)? RenderChat(List<ChatMessage> messages, object? target)
    {
        int available = ContextBudget.PromptLimit(EffectiveContextSize, MaxTokens);
        TrimmedConversation trimmed;
        try
        {
            AnswerTokenCheck.DropStale(messages, ModelVocabulary.Of(Model.Weights.NativeHandle));
            trimmed = ConversationTrimmer.Trim(messages, prompt => Tokenize(Model.Weights.NativeHandle, prompt), available);
        }
        catch (PromptException e)
        {
            WriteError(ModelErrors.Prompt(e, target));
            return null;
        }

        if (!trimmed.Fits)
        {
            WriteError(ModelErrors.PromptTooLong(trimmed.Tokens.Length, available, EffectiveContextSize));
            return null;
        }

        if (trimmed.DroppedPairs > 0)
        {
            WriteWarning(OutputMessages.ConversationTrimmed(EffectiveContextSize, trimmed.DroppedPairs));
        }

        return (trimmed.Prompt, trimmed.Tokens);
    }

    /// <summary>
    /// The answer as the conversation's next message, carrying the ids the model wrote when they write exactly its
    /// text (a stop sequence can cut the text short of them), so the next turn's prompt holds what the KV cache holds.
    /// </summary>
    private protected ChatMessage AnswerMessage(GenerationResult result)
    {
        var vocabulary = ModelVocabulary.Of(Model.Weights.NativeHandle);
        var answer = new ChatMessage(ChatRole.Assistant, result.Text.Trim(), new AnswerTokens(result.AnswerTokens, vocabulary.Fingerprint));
        return AnswerTokenCheck.Holds(answer, vocabulary) ? answer : answer with { Tokens = null };
    }

    /// <summary>
    /// Generates answers for the prompts together; text is handed to <paramref name="onText"/> on the
    /// pipeline thread as it is generated (null: nobody shows it, so pieces never leave the generating thread).
    /// Returns null after writing the error when llama.cpp fails.
    /// </summary>
    private protected GenerationResult[]? Generate(
        IReadOnlyList<int[]> prompts, GenerationOptions options, Action<int, string>? onText, IPipelinePump? alsoPump = null,
        System.Threading.CancellationToken stopAnswer = default)
    {
        using var channel = new PipelineChannel<(int Index, string Text)>(piece => onText?.Invoke(piece.Index, piece.Text));
        Action<int, string> handOver = onText is null ? static (_, _) => { } : (index, text) => channel.Post((index, text));
        IPipelinePump pump = alsoPump is null ? channel : new CombinedPump(channel, alsoPump);
        System.Threading.CancellationToken deadline = budget?.Token ?? default;
        try
        {
            GenerationResult[] results = RunNative(
                (cancel, _) =>
                {
                    using var either = System.Threading.CancellationTokenSource.CreateLinkedTokenSource(cancel, stopAnswer);
                    return System.Threading.Tasks.Task.FromResult(
                        TextGenerator.Generate(Model, prompts, options, handOver, either.Token, deadline));
                },
                progressActivity: null,
                (e, nativeErrors) => new NativeFailure(ModelErrors.GenerationFailed(e, nativeErrors)),
                pump);
            GenerationReport.Write(this, options, results);
            return results;
        }
        catch (NativeFailure) when (stopAnswer.IsCancellationRequested)
        {
            // The person stopped this answer on purpose: nothing to report.
            return null;
        }
        catch (NativeFailure failure)
        {
            WriteError(failure.Record);
            return null;
        }
    }

    private sealed class CombinedPump(IPipelinePump first, IPipelinePump second) : IPipelinePump
    {
        public System.Threading.WaitHandle Arrived => first.Arrived;

        public void Drain()
        {
            first.Drain();
            second.Drain();
        }
    }
}
