using System;
using NorwegianLlama.Resources;

namespace NorwegianLlama.Prompting;

/// <summary>
/// Maps the role names people type in hashtables to <see cref="ChatRole"/>. Hand-written rather than
/// Enum.TryParse because that would also accept numbers ("1") and comma lists ("user,system").
/// </summary>
internal static class ChatRoleParser
{
    /// <summary>The role of message <paramref name="position"/> (from 1) of a conversation read from outside.</summary>
    /// <exception cref="PromptException">ConversationRoleInvalid: not system, user or assistant.</exception>
    public static ChatRole ParseAt(int position, string? name) => TryParse(name, out ChatRole role)
        ? role
        : throw new PromptException(
            PromptErrorIds.ConversationRoleInvalid,
            PromptMessages.RoleNameUnknown(position, name));

    public static bool TryParse(string? name, out ChatRole role)
    {
        string trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Equals("system", StringComparison.OrdinalIgnoreCase))
        {
            role = ChatRole.System;
            return true;
        }

        if (trimmed.Equals("user", StringComparison.OrdinalIgnoreCase))
        {
            role = ChatRole.User;
            return true;
        }

        if (trimmed.Equals("assistant", StringComparison.OrdinalIgnoreCase))
        {
            role = ChatRole.Assistant;
            return true;
        }

        role = default;
        return false;
    }
}
