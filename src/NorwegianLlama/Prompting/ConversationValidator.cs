using System;
using System.Collections.Generic;

namespace NorwegianLlama.Prompting;

/// <summary>
/// Enforces the shape the reference chat_completion asserts on (optional system first, then
/// user/assistant alternating from user, ending with user), but with messages that say which message
/// is wrong, since these come straight from a person's script.
/// </summary>
internal static class ConversationValidator
{
    public static void Validate(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            throw new PromptException(
                PromptErrorIds.ConversationEmpty,
                "The conversation has no messages; it needs at least one user message.");
        }

        for (int i = 0; i < messages.Count; i++)
        {
            CheckMessage(messages[i], i + 1);
        }

        for (int i = 1; i < messages.Count; i++)
        {
            if (messages[i].Role == ChatRole.System)
            {
                throw new PromptException(
                    PromptErrorIds.ConversationSystemNotFirst,
                    $"Message {i + 1} is a system message, but only the first message may be a system message.");
            }
        }

        int firstTurn = messages[0].Role == ChatRole.System ? 1 : 0;
        for (int i = firstTurn; i < messages.Count; i++)
        {
            ChatRole expected = (i - firstTurn) % 2 == 0 ? ChatRole.User : ChatRole.Assistant;
            if (messages[i].Role != expected)
            {
                throw new PromptException(
                    PromptErrorIds.ConversationRoleOrder,
                    $"Message {i + 1} has role '{Name(messages[i].Role)}' but '{Name(expected)}' was expected: "
                    + "after an optional system message, messages must alternate user, assistant, user, ... starting with user.");
            }
        }

        ChatMessage last = messages[messages.Count - 1];
        if (messages.Count == firstTurn || last.Role != ChatRole.User)
        {
            throw new PromptException(
                PromptErrorIds.ConversationMustEndWithUser,
                $"The last message must be from the user, since that is the turn the model answers, "
                + $"but message {messages.Count} is from '{Name(last.Role)}'.");
        }
    }

    private static void CheckMessage(ChatMessage? message, int position)
    {
        // Nulls are impossible by type but reachable from PowerShell, where arrays can hold $null.
        if (message is null)
        {
            throw new PromptException(PromptErrorIds.MessageNull, $"Message {position} is null.");
        }

        if (!Enum.IsDefined(message.Role))
        {
            throw new PromptException(
                PromptErrorIds.MessageRoleInvalid,
                $"Message {position} has the unknown role value {(int)message.Role}; use system, user or assistant.");
        }

        if (message.Content is null)
        {
            throw new PromptException(
                PromptErrorIds.MessageContentNull,
                $"Message {position} ({Name(message.Role)}) has no content; use an empty string for an empty message.");
        }
    }

    private static string Name(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.User => "user",
        ChatRole.Assistant => "assistant",
        _ => role.ToString(),
    };
}
