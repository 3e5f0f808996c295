using System;
using System.Collections.Generic;
using System.Management.Automation;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Errors;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;

namespace NorwegianLlama.Commands;

[Cmdlet(VerbsLifecycle.Invoke, "NorskChat")]
[OutputType(typeof(NorskChatResponse), typeof(string), typeof(PSObject))]
public sealed class InvokeNorskChatCommand : NorskStructuredCmdlet
{
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
        try
        {
            messages = ChatConversation.Build(Conversation, SystemPrompt, Bound(nameof(SystemPrompt)), Message, WriteWarning);
        }
        catch (PromptException e)
        {
            WriteError(ModelErrors.Prompt(e, Message));
            return;
        }

        if (TimeBudgetSpent)
        {
            WriteError(TimeoutErrors.BeforeAnswer(TimeoutSeconds, Message));
            return;
        }

        if (RenderChat(messages, Message) is not { } rendered)
        {
            return;
        }

        var (prompt, tokens) = rendered;

        uint seed = ChooseSeed();
        var display = new AnswerDisplay(this, Stream ? AnswerDisplay.Target.Pipeline : LiveDisplayWanted() ? AnswerDisplay.Target.Host : AnswerDisplay.Target.None);
        GenerationResult[]? results = Generate([tokens], CreateOptions(seed, ChatTurnMarkers), display.Sink);
        display.End();
        if (results is null || Stream)
        {
            return;
        }

        GenerationResult result = results[0];
        ChatMessage answerMessage = AnswerMessage(result);
        string answer = answerMessage.Content;
        messages.Add(answerMessage);
        var response = new NorskChatResponse
        {
            Content = answer,
            Conversation = ConversationReader.ToOutput(messages),
            Prompt = prompt.DisplayText,
            PromptTokenCount = result.PromptTokenCount,
            CompletionTokenCount = result.CompletionTokenCount,
            ReusedPromptTokenCount = result.ReusedPromptTokenCount,
            StopReason = result.StopReason.ToString(),
            Model = Model.Path,
            Seed = seed,
            Duration = result.Duration,
            TimeToFirstToken = result.TimeToFirstToken,
            TokensPerSecond = Math.Round(result.TokensPerSecond, 2),
        };
        WriteAnswer(response, answer, result.StopReason, result.CompletionTokenCount, Message);
    }

    private protected override bool Streaming => Stream;

    /// <summary>People at a console see the answer appear; scripts and redirected output get only the object.</summary>
    private bool LiveDisplayWanted() =>
        MyInvocation.CommandOrigin == CommandOrigin.Runspace
        && Host.Name == "ConsoleHost"
        && !Console.IsOutputRedirected;
}
