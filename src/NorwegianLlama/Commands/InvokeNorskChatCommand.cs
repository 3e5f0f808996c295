using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;

namespace NorwegianLlama.Commands;

[Cmdlet(VerbsLifecycle.Invoke, "NorskChat")]
[OutputType(typeof(NorskChatResponse), typeof(string))]
public sealed class InvokeNorskChatCommand : NorskModelCmdlet
{
    // The model must never write the next question itself; its turn ends where a new one would begin.
    private static readonly string[] TurnMarkers = ["[INST]"];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string Message { get; set; } = "";

    /// <summary>Replaces the conversation's system prompt; '' means none. Without it a new chat gets the card's default.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? SystemPrompt { get; set; }

    /// <summary>Earlier messages: a response's Conversation, or objects/hashtables with Role and Content.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyCollection]
    public object[]? Conversation { get; set; }

    [Parameter]
    [ValidateRange(1, 1 << 20)]
    public int MaxTokens { get; set; } = 512;

    /// <summary>0 is greedy: the most likely token every time.</summary>
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

    /// <summary>Write the answer's text pieces to the pipeline as they are generated, instead of a response object.</summary>
    [Parameter]
    public SwitchParameter Stream { get; set; }

    protected override void ProcessRecord()
    {
        List<ChatMessage> messages;
        RenderedPrompt prompt;
        int[] tokens;
        try
        {
            messages = ChatConversation.Build(Conversation, SystemPrompt, Bound(nameof(SystemPrompt)), Message);
            (prompt, tokens) = FitToContext(messages);
        }
        catch (PromptException e)
        {
            WriteError(ModelErrors.Prompt(e, Message));
            return;
        }
        catch (PromptTooLongException e)
        {
            WriteError(e.Record);
            return;
        }

        uint seed = Bound(nameof(Seed)) ? (uint)Seed : (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        var options = new GenerationOptions(
            MaxTokens,
            new SamplingOptions(Temperature, TopP, TopK, MinP, RepeatPenalty, seed),
            Stop.Concat(TurnMarkers).ToArray(),
            EffectiveContextSize,
            EffectiveThreads);

        var display = new AnswerDisplay(this, Stream ? AnswerDisplay.Target.Pipeline : LiveDisplayWanted() ? AnswerDisplay.Target.Host : AnswerDisplay.Target.None);
        GenerationResult result;
        using (var channel = new PipelineChannel(display.Write))
        {
            try
            {
                result = RunNative(
                    (cancel, _) => System.Threading.Tasks.Task.FromResult(TextGenerator.Generate(Model, tokens, options, channel.Post, cancel)),
                    progressActivity: null,
                    (e, nativeErrors) => new NativeFailure(ModelErrors.GenerationFailed(e, nativeErrors)),
                    channel);
            }
            catch (NativeFailure failure)
            {
                display.End();
                WriteError(failure.Record);
                return;
            }
        }

        display.End();
        if (Stream)
        {
            return;
        }

        string answer = result.Text.Trim();
        messages.Add(new ChatMessage(ChatRole.Assistant, answer));
        WriteObject(new NorskChatResponse
        {
            Content = answer,
            Conversation = ConversationReader.ToOutput(messages),
            Prompt = prompt.DisplayText,
            PromptTokenCount = result.PromptTokenCount,
            CompletionTokenCount = result.CompletionTokenCount,
            StopReason = result.StopReason,
            Model = Model.Path,
            Seed = seed,
            Duration = result.Duration,
            TimeToFirstToken = result.TimeToFirstToken,
            TokensPerSecond = Math.Round(result.TokensPerSecond, 2),
        });
    }

    /// <summary>
    /// Drops the oldest whole question-and-answer pairs until the prompt leaves room for an answer; the
    /// system prompt and the new message are never dropped.
    /// </summary>
    private (RenderedPrompt Prompt, int[] Tokens) FitToContext(List<ChatMessage> messages)
    {
        int reserve = Math.Min(MaxTokens, EffectiveContextSize / 4);
        int available = EffectiveContextSize - reserve;
        int firstTurn = messages[0].Role == ChatRole.System ? 1 : 0;
        var kept = new List<ChatMessage>(messages);
        int dropped = 0;
        while (true)
        {
            RenderedPrompt prompt = Llama2ChatTemplate.Render(kept);
            int[] tokens = PromptTokenizer.Tokenize(Model.Weights.NativeHandle, prompt);
            if (tokens.Length <= available)
            {
                if (dropped > 0)
                {
                    WriteWarning($"The conversation is too long for the {EffectiveContextSize}-token context; the oldest {dropped} question(s) and answer(s) were left out of the prompt.");
                }

                return (prompt, tokens);
            }

            if (kept.Count - firstTurn < 3)
            {
                throw new PromptTooLongException(ModelErrors.PromptTooLong(tokens.Length, available, EffectiveContextSize));
            }

            kept.RemoveRange(firstTurn, 2);
            dropped++;
        }
    }

    /// <summary>People at a console see the answer appear; scripts and redirected output get only the object.</summary>
    private bool LiveDisplayWanted() =>
        MyInvocation.CommandOrigin == CommandOrigin.Runspace
        && Host.Name == "ConsoleHost"
        && !Console.IsOutputRedirected;

    private sealed class PromptTooLongException(ErrorRecord record) : Exception(record.Exception.Message)
    {
        public ErrorRecord Record { get; } = record;
    }
}
