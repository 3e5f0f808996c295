using System;
using System.Collections.Generic;
using System.Linq;
using NorwegianLlama.Prompting;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Commands.Arguments;

/// <summary>The messages of a chat call, shared by Invoke-NorskChat and ConvertTo-NorskPrompt so both render alike.</summary>
internal static class ChatConversation
{
    /// <summary>
    /// A new chat gets the card's default system prompt; a continued one keeps its own (or none). An explicit
    /// -SystemPrompt replaces either, and '' removes it. Lone surrogates in any of the texts are replaced, each text
    /// with a warning to <paramref name="warn"/>.
    /// </summary>
    public static List<ChatMessage> Build(object[]? conversation, string? systemPrompt, bool systemPromptGiven, string message, Action<string> warn)
    {
        bool continued = conversation is { Length: > 0 };
        List<ChatMessage> messages = continued ? ConversationReader.Read(conversation!) : new();
        for (int i = 0; i < messages.Count; i++)
        {
            if (messages[i].Content is { } content)
            {
                messages[i] = messages[i] with { Content = LoneSurrogates.Repair(content, CmdletMessages.ConversationMessageInput(i + 1), warn) };
            }
        }

        systemPrompt = systemPrompt is null ? null : LoneSurrogates.Repair(systemPrompt, "-SystemPrompt", warn);
        message = LoneSurrogates.Repair(message, CmdletMessages.MessageInput(), warn);
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

    /// <summary>
    /// The conversation an interactive chat starts from, built as <see cref="Build"/> does. It is checked now, not at
    /// the first message, so a broken conversation never starts a chat.
    /// </summary>
    /// <exception cref="PromptException">The conversation cannot be continued.</exception>
    public static List<ChatMessage> Start(object[]? conversation, string? systemPrompt, bool systemPromptGiven, Action<string> warn)
    {
        List<ChatMessage> withNextTurn = Build(conversation, systemPrompt, systemPromptGiven, "", warn);
        ConversationValidator.Validate(withNextTurn);
        return withNextTurn.SkipLast(1).ToList();
    }
}
