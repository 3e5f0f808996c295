using System.Collections.Generic;
using NorwegianLlama.Prompting;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>The messages of a chat call, shared by Invoke-NorskChat and ConvertTo-NorskPrompt so both render alike.</summary>
internal static class ChatConversation
{
    /// <summary>
    /// A new chat gets the card's default system prompt; a continued one keeps its own (or none). An explicit
    /// -SystemPrompt replaces either, and '' removes it.
    /// </summary>
    public static List<ChatMessage> Build(object[]? conversation, string? systemPrompt, bool systemPromptGiven, string message)
    {
        bool continued = conversation is { Length: > 0 };
        List<ChatMessage> messages = continued ? ConversationReader.Read(conversation!) : new();
        bool hasSystem = messages.Count > 0 && messages[0].Role == ChatRole.System;
        if (systemPromptGiven && hasSystem)
        {
            messages.RemoveAt(0);
        }

        string? system = systemPromptGiven ? systemPrompt : continued ? null : DefaultSystemPrompt.Text;
        if (!string.IsNullOrEmpty(system))
        {
            messages.Insert(0, new ChatMessage(ChatRole.System, system));
        }

        messages.Add(new ChatMessage(ChatRole.User, message));
        return messages;
    }
}
