using System;

namespace NorwegianLlama.Chat;

/// <summary>Tells messages from slash commands in what a person types into the chat.</summary>
internal static class ChatCommandParser
{
    public const string HelpText = """
        Skriv en melding og trykk Enter. / Type a message and press Enter.
          /system <text>   set the system prompt (/system alone removes it)
          /reset           forget the conversation (keeps the system prompt)
          /save <file>     save the conversation as JSON
          /load <file>     continue a saved conversation (JSON from /save or ConvertTo-Json)
          /help            this list
          /exit            leave (also /bye); Ctrl+C stops an answer, not the chat
        """;

    public static ChatLine Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string text = line.Trim();
        if (text.Length == 0)
        {
            return new ChatLine(ChatLineKind.Empty, "", "");
        }

        if (!text.StartsWith('/'))
        {
            return new ChatLine(ChatLineKind.Message, "", text);
        }

        string command = text.Split(' ', 2)[0].ToLowerInvariant();
        string argument = text.Length > command.Length ? text[command.Length..].Trim() : "";
        ChatLineKind kind = command switch
        {
            "/exit" or "/bye" or "/quit" => ChatLineKind.Exit,
            "/help" or "/?" => ChatLineKind.Help,
            "/reset" => ChatLineKind.Reset,
            "/system" => ChatLineKind.System,
            "/save" => ChatLineKind.Save,
            "/load" => ChatLineKind.Load,
            _ => ChatLineKind.Unknown,
        };
        return new ChatLine(kind, command, argument);
    }
}
