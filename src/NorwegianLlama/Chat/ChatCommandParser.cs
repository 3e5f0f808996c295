using System;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Chat;

/// <summary>Tells messages from slash commands in what a person types into the chat.</summary>
internal static class ChatCommandParser
{
    /// <summary>The /help text in the asking thread's language.</summary>
    public static string HelpText => ChatMessages.Help();

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
