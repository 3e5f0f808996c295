using System;
using System.Collections.Generic;
using NorwegianLlama.Resources;

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
                PromptMessages.ConversationEmpty());
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
                    PromptMessages.SystemNotFirst(i + 1));
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
                    PromptMessages.RoleOrder(i + 1, Name(messages[i].Role), Name(expected)));
            }
        }

        ChatMessage last = messages[messages.Count - 1];
        if (messages.Count == firstTurn || last.Role != ChatRole.User)
        {
            throw new PromptException(
                PromptErrorIds.ConversationMustEndWithUser,
                PromptMessages.MustEndWithUser(messages.Count, Name(last.Role)));
        }
    }

    private static void CheckMessage(ChatMessage? message, int position)
    {
        // Nulls are impossible by type but reachable from PowerShell, where arrays can hold $null.
        if (message is null)
        {
            throw new PromptException(PromptErrorIds.MessageNull, PromptMessages.MessageNull(position));
        }

        if (!Enum.IsDefined(message.Role))
        {
            throw new PromptException(
                PromptErrorIds.MessageRoleInvalid,
                PromptMessages.RoleValueUnknown(position, (int)message.Role));
        }

        if (message.Content is null)
        {
            throw new PromptException(
                PromptErrorIds.MessageContentNull,
                PromptMessages.ContentNull(position, Name(message.Role)));
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
