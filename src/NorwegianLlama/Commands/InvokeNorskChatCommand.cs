using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;

namespace NorwegianLlama.Commands;

[Cmdlet(VerbsLifecycle.Invoke, "NorskChat")]
[OutputType(typeof(NorskChatResponse), typeof(string))]
public sealed class InvokeNorskChatCommand : NorskGenerationCmdlet
{
    // The model must never write the next question itself; its turn ends where a new one would begin.
    private static readonly string[] TurnMarkers = ["[INST]"];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    [MessageText]
    public string Message { get; set; } = "";

    /// <summary>Replaces the conversation's system prompt; '' means none. Without it a new chat gets the card's default.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? SystemPrompt { get; set; }

    /// <summary>Earlier messages: a response's Conversation, or objects/hashtables with Role and Content.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyCollection]
    public object[]? Conversation { get; set; }

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

        uint seed = ChooseSeed();
        var display = new AnswerDisplay(this, Stream ? AnswerDisplay.Target.Pipeline : LiveDisplayWanted() ? AnswerDisplay.Target.Host : AnswerDisplay.Target.None);
        GenerationResult[]? results = Generate([tokens], CreateOptions(seed, TurnMarkers), (_, text) => display.Write(text));
        display.End();
        if (results is null || Stream)
        {
            return;
        }

        GenerationResult result = results[0];
        string answer = result.Text.Trim();
        messages.Add(new ChatMessage(ChatRole.Assistant, answer));
        WriteObject(new NorskChatResponse
        {
            Content = answer,
            Conversation = ConversationReader.ToOutput(messages),
            Prompt = prompt.DisplayText,
            PromptTokenCount = result.PromptTokenCount,
            CompletionTokenCount = result.CompletionTokenCount,
            ReusedPromptTokenCount = result.ReusedPromptTokenCount,
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
        int available = ContextBudget.PromptLimit(EffectiveContextSize, MaxTokens);
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
