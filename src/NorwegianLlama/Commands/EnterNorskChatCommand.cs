using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading;
using NorwegianLlama.Commands.Arguments;
using NorwegianLlama.Commands.Base;
using NorwegianLlama.Commands.Output;
using NorwegianLlama.Errors;
using NorwegianLlama.Hosting;
using NorwegianLlama.Inference;
using NorwegianLlama.Prompting;

namespace NorwegianLlama.Commands;

/// <summary>
/// An interactive chat for people: type, watch the answer appear, keep talking. Lines can also be piped in,
/// which is how scripts and tests drive it. Returns the conversation when it ends.
/// </summary>
[Cmdlet(VerbsCommon.Enter, "NorskChat")]
[OutputType(typeof(NorskChatMessage))]
public sealed class EnterNorskChatCommand : NorskGenerationCmdlet
{
    private const string HelpText = """
        Skriv en melding og trykk Enter. / Type a message and press Enter.
          /system <text>   set the system prompt (/system alone removes it)
          /reset           forget the conversation (keeps the system prompt)
          /save <file>     save the conversation as JSON
          /load <file>     continue a saved conversation (JSON from /save or ConvertTo-Json)
          /help            this list
          /exit            leave (also /bye); Ctrl+C stops an answer, not the chat
        """;

    // Norwegian letters stay readable in saved conversations instead of becoming \u00E6 escapes.
    private static readonly JsonSerializerOptions SaveOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly List<ChatMessage> turns = new();
    private string? system;
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
        List<ChatMessage> start;
        try
        {
            List<ChatMessage> withNextTurn = ChatConversation.Build(Conversation, SystemPrompt, Bound(nameof(SystemPrompt)), "");
            // Checked now, not at the first message, so a broken conversation never starts a chat.
            ConversationValidator.Validate(withNextTurn);
            start = withNextTurn.SkipLast(1).ToList();
        }
        catch (PromptException e)
        {
            ThrowTerminatingError(ModelErrors.Prompt(e, Conversation));
            return;
        }

        Adopt(start);
        Say($"Norsk chat med {System.IO.Path.GetFileName(Model.Path)}. /help viser kommandoene, /exit avslutter.");
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
        while (!piped && !finished)
        {
            string? line = ReadLine();
            if (line is null)
            {
                Say("");
                break;
            }

            Handle(line);
        }

        WriteObject(ConversationSoFar(), enumerateCollection: true);
    }

    /// <summary>The system prompt, if any, and every turn: what the chat writes at its end and /save stores.</summary>
    private NorskChatMessage[] ConversationSoFar()
    {
        var all = new List<ChatMessage>();
        if (!string.IsNullOrEmpty(system))
        {
            all.Add(new ChatMessage(ChatRole.System, system));
        }

        all.AddRange(turns);
        return ConversationReader.ToOutput(all);
    }

    private void Handle(string line)
    {
        string text = line.Trim();
        if (text.Length == 0)
        {
            return;
        }

        if (!text.StartsWith('/'))
        {
            Answer(text);
            return;
        }

        string command = text.Split(' ', 2)[0].ToLowerInvariant();
        string argument = text.Length > command.Length ? text[command.Length..].Trim() : "";
        switch (command)
        {
            case "/exit" or "/bye" or "/quit":
                finished = true;
                break;
            case "/help" or "/?":
                Say(HelpText);
                break;
            case "/reset":
                turns.Clear();
                Say("Samtalen er nullstilt. / The conversation was reset.");
                break;
            case "/system":
                system = argument.Length == 0 ? null : argument;
                Say(system is null ? "Ingen systemprompt. / No system prompt." : "Systemprompten er satt. / System prompt set.");
                break;
            case "/save":
                Save(argument);
                break;
            case "/load":
                Load(argument);
                break;
            default:
                Say($"Ukjent kommando {command}; /help lists the commands.");
                break;
        }
    }

    private void Answer(string message)
    {
        var messages = new List<ChatMessage>();
        if (!string.IsNullOrEmpty(system))
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        messages.AddRange(turns);
        messages.Add(new ChatMessage(ChatRole.User, message));
        if (RenderChat(messages, message) is not { } rendered)
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
            turns.Add(new ChatMessage(ChatRole.User, message));
            turns.Add(new ChatMessage(ChatRole.Assistant, results[0].Text.Trim()));
            if (results[0].StopReason is NorskStopReason.MaxTokens or NorskStopReason.ContextFull)
            {
                Say($"(svaret ble kuttet / the answer was cut off: {results[0].StopReason})");
            }
        }
        else if (stopAnswer.IsCancellationRequested)
        {
            Say("(stoppet / stopped)");
        }
    }

    private void Save(string file)
    {
        if (file.Length == 0)
        {
            Say("/save needs a file name.");
            return;
        }

        if (FileSystemPath(file) is not { } path)
        {
            return;
        }

        NorskChatMessage[] all = ConversationSoFar();
        try
        {
            File.WriteAllText(path, JsonSerializer.Serialize(all, SaveOptions));
            Say($"Lagret {all.Length} meldinger i {path}. / Saved.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "ChatSaveFailed", ErrorCategory.WriteError, path));
        }
    }

    private void Load(string file)
    {
        if (file.Length == 0)
        {
            Say("/load needs a file name.");
            return;
        }

        if (FileSystemPath(file) is not { } path)
        {
            return;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            // ConvertTo-Json writes a one-message conversation as a bare object.
            IEnumerable<JsonElement> elements = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray()
                : [document.RootElement];
            var items = elements
                .Select(element => (object?)new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
                {
                    ["Role"] = element.TryGetProperty("Role", out JsonElement role) || element.TryGetProperty("role", out role) ? role.GetString() : null,
                    ["Content"] = element.TryGetProperty("Content", out JsonElement content) || element.TryGetProperty("content", out content) ? content.GetString() : null,
                })
                .ToList();
            List<ChatMessage> loaded = ConversationReader.Read(items);
            ConversationValidator.Validate([.. loaded, new ChatMessage(ChatRole.User, "")]);
            Adopt(loaded);
            Say($"Lastet {loaded.Count} meldinger fra {path}. / Loaded.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            WriteError(new ErrorRecord(e, "ChatLoadFailed", ErrorCategory.ReadError, path));
        }
        catch (PromptException e)
        {
            WriteError(ModelErrors.Prompt(e, path));
        }
    }

    /// <summary>Takes over a conversation: its system prompt (or none) and its turns.</summary>
    private void Adopt(List<ChatMessage> messages)
    {
        bool hasSystem = messages.Count > 0 && messages[0].Role == ChatRole.System;
        system = hasSystem ? messages[0].Content : null;
        turns.Clear();
        turns.AddRange(hasSystem ? messages.Skip(1) : messages);
    }

    private string? ReadLine()
    {
        try
        {
            HostText.Write(this, "Du> ", newLine: false);
            return Host.UI.ReadLine();
        }
        catch (Exception e) when (e is PSInvalidOperationException or System.Management.Automation.Host.HostException or NotImplementedException)
        {
            // No console to read from (a non-interactive host): the chat simply ends.
            return null;
        }
    }

    /// <summary>A /save or /load argument as a file system path; quotes around it are not part of the name.</summary>
    private string? FileSystemPath(string argument)
    {
        string unquoted = argument.Trim().Trim('"', '\'');
        try
        {
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(unquoted, out ProviderInfo provider, out _);
            // A NUL can be in no file name; .NET's file functions throw on it.
            if (provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider) && !path.Contains('\0', StringComparison.Ordinal))
            {
                return path;
            }
        }
        catch (Exception e) when (e is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
        {
        }

        WriteError(new ErrorRecord(
            new ArgumentException($"'{unquoted}' is not a file system path; /save and /load need a file."),
            "ChatFileNotFileSystem", ErrorCategory.InvalidArgument, unquoted));
        return null;
    }

    private void Say(string text) => HostText.Write(this, text, newLine: true);
}
