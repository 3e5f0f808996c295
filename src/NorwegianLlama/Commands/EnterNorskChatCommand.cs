using System;
using System.Management.Automation;
using System.Threading;
using NorwegianLlama.Chat;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Errors;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands;

/// <summary>
/// An interactive chat for people: type, watch the answer appear, keep talking. Lines can also be piped in,
/// which is how scripts and tests drive it. Returns the conversation when it ends.
/// </summary>
[Cmdlet(VerbsCommon.Enter, "NorskChat")]
[OutputType(typeof(NorskChatMessage))]
public sealed class EnterNorskChatCommand : NorskGenerationCmdlet
{
    private ChatSession session = null!;
    private bool piped;
    private bool finished;

    /// <summary>Lines to process as if typed; without them the chat reads from the console.</summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowEmptyString]
    [MessageText]
    public string? InputObject { get; set; }

    [Parameter]
    [AllowEmptyString]
    public string? SystemPrompt { get; set; }

    [Parameter]
    [AllowEmptyCollection]
    public object[]? Conversation { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        try
        {
            session = new ChatSession(ChatConversation.Start(Conversation, SystemPrompt, Bound(nameof(SystemPrompt)), WriteWarning));
        }
        catch (PromptException e)
        {
            ThrowTerminatingError(ModelErrors.Prompt(e, Conversation));
            return;
        }

        Say(ChatMessages.Greeting(System.IO.Path.GetFileName(Model.Path)));
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null || finished)
        {
            return;
        }

        piped = true;
        Say($"Du> {InputObject}");
        Handle(InputObject);
    }

    protected override void EndProcessing()
    {
        ConsoleLineReader? keys = !piped && Host.Name == "ConsoleHost" && ConsoleLineReader.Available ? new ConsoleLineReader() : null;
        while (!piped && !finished)
        {
            string? line = keys is null ? HostLineReader.ReadLine(this, "Du> ") : ReadConsoleLine(keys);
            if (line is null)
            {
                Say("");
                break;
            }

            Handle(line);
        }

        WriteObject(ConversationReader.ToOutput(session.Conversation()), enumerateCollection: true);
    }

    /// <summary>The typed line, or null when Ctrl+C or Ctrl+D ends the chat, which then ends as /exit does.</summary>
    private string? ReadConsoleLine(ConsoleLineReader keys)
    {
        HostText.Write(this, "Du> ", newLine: false);
        try
        {
            var (result, text) = keys.ReadLine(Cancellation);
            return result == LineEditResult.Submitted ? text : null;
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private void Handle(string typed)
    {
        ChatLine line = ChatCommandParser.Parse(LoneSurrogates.Repair(typed, ChatMessages.TypedLineInput(), WriteWarning));
        switch (line.Kind)
        {
            case ChatLineKind.Message:
                Answer(line.Argument);
                break;
            case ChatLineKind.Exit:
                finished = true;
                break;
            case ChatLineKind.Help:
                Say(ChatCommandParser.HelpText);
                break;
            case ChatLineKind.Reset:
                session.Reset();
                Say(ChatMessages.ConversationReset());
                break;
            case ChatLineKind.System:
                session.SetSystemPrompt(line.Argument);
                Say(session.SystemPrompt is null ? ChatMessages.NoSystemPrompt() : ChatMessages.SystemPromptSet());
                break;
            case ChatLineKind.Save or ChatLineKind.Load:
                SaveOrLoad(line);
                break;
            case ChatLineKind.Unknown:
                Say(ChatMessages.UnknownCommand(line.Command));
                break;
        }
    }

    private void Answer(string message)
    {
        session.DropStaleTokens(ModelVocabulary.Of(Model.Weights.NativeHandle));
        // In a conversation the budget is each answer's: the person, not the call, decides when it ends.
        RestartTimeBudget();
        if (RenderChat(session.Asking(message), message) is not { } rendered)
        {
            return;
        }

        var display = new AnswerDisplay(this, AnswerDisplay.Target.Host);
        using var stopAnswer = new CancellationTokenSource();
        using var keys = new ControlCWatcher(stopAnswer);
        GenerationResult[]? results = Generate([rendered.Tokens], CreateOptions(ChooseSeed(), ChatTurnMarkers), (_, piece) => display.Write(piece), keys, stopAnswer.Token);
        display.End();
        if (results is not null)
        {
            session.Answered(message, AnswerMessage(results[0]));
            if (results[0].StopReason is NorskStopReason.MaxTokens or NorskStopReason.ContextFull or NorskStopReason.Timeout)
            {
                Say(ChatMessages.AnswerCutOff(results[0].StopReason.ToString()));
            }
        }
        else if (stopAnswer.IsCancellationRequested)
        {
            Say(ChatMessages.AnswerStopped());
        }
    }

    private void SaveOrLoad(ChatLine line)
    {
        bool saving = line.Kind == ChatLineKind.Save;
        if (line.Argument.Length == 0)
        {
            Say(ChatMessages.FileNameNeeded(line.Command));
            return;
        }

        if (ChatFilePath(line.FileName) is not { } path)
        {
            return;
        }

        try
        {
            Say(saving
                ? ChatMessages.Saved(session.Save(path), path)
                : ChatMessages.Loaded(session.Load(path), path));
        }
        catch (ConversationFileException e)
        {
            WriteError(saving
                ? new ErrorRecord(e, "ChatSaveFailed", ErrorCategory.WriteError, path)
                : new ErrorRecord(e, "ChatLoadFailed", ErrorCategory.ReadError, path));
        }
        catch (PromptException e)
        {
            WriteError(ModelErrors.Prompt(e, path));
        }
    }

    /// <summary>A /save or /load file name as a file system path; a NUL or another provider cannot name one.</summary>
    private string? ChatFilePath(string unquoted)
    {
        if (FileSystemPath.TryResolve(this, unquoted, out string path) == PathFailure.None)
        {
            return path;
        }

        WriteError(new ErrorRecord(
            new ArgumentException(ChatMessages.ChatFileNotFileSystem(unquoted)),
            "ChatFileNotFileSystem", ErrorCategory.InvalidArgument, unquoted));
        return null;
    }

    private void Say(string text) => HostText.Write(this, text, newLine: true);
}
